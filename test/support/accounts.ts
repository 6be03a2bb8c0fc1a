/**
 * A browser for workerd tests: keeps cookies like Chromium would, sends the CSRF header on unsafe
 * methods, and signs people up, in or out through the real API.
 */
import { SELF } from "cloudflare:test";

export const PASSWORD = "correct horse battery staple";
/** Every request says who sent it, so audit entries can be checked for the user agent. */
export const USER_AGENT = "ParleyTest/1.0 (workerd)";
let seq = 0;
export const uniqueEmail = (who = "user") => `${who}.${Date.now().toString(36)}.${++seq}@example.test`;

export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly ip = `198.51.100.${(seq++ % 250) + 1}`,
    readonly origin = "https://parley.test",
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const h = new Headers({ "cf-connecting-ip": this.ip, "user-agent": USER_AGENT, ...headers });
    if (this.cookies.size) h.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const csrf = this.cookies.get("__Host-wa_csrf_token");
    if (csrf && !["GET", "HEAD"].includes(method) && !("x-csrf-token" in headers)) h.set("x-csrf-token", csrf);
    if (body !== undefined && !h.has("content-type")) h.set("content-type", "application/json");
    const res = await SELF.fetch(`${this.origin}${path}`, {
      method,
      headers: h,
      body:
        body === undefined
          ? undefined
          : typeof body === "string"
            ? body
            : body instanceof Uint8Array
              ? (body as Uint8Array<ArrayBuffer>)
              : JSON.stringify(body),
      redirect: "manual",
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const [name, ...value] = pair!.split("=");
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()));
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join("="));
    }
    return res;
  }

  get = (path: string) => this.request("GET", path);
  post = (path: string, body?: unknown) => this.request("POST", path, body ?? {});
  patch = (path: string, body: unknown) => this.request("PATCH", path, body);
  delete = (path: string) => this.request("DELETE", path);

  async csrf(): Promise<void> {
    await this.get("/api/auth/csrf");
  }

  async json<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request(method, path, body);
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
}

export interface Member {
  browser: Browser;
  email: string;
  userId: string;
  orgId: string;
}

/** A new organization and its owner, signed in. */
export async function signUpOwner(orgName = "Acme"): Promise<Member> {
  const browser = new Browser();
  await browser.csrf();
  const email = uniqueEmail("owner");
  const res = await browser.json<{ user: { id: string }; org: { id: string } }>("POST", "/api/auth/signup", {
    orgName,
    name: "Olivia Owner",
    email,
    password: PASSWORD,
  });
  return { browser, email, userId: res.user.id, orgId: res.org.id };
}

/** Invites someone into `owner`'s org with `role` and has them accept in their own browser. */
export async function addMember(owner: Member, role: "admin" | "agent", name = "Alex Agent"): Promise<Member> {
  const email = uniqueEmail(role);
  const { invite } = await owner.browser.json<{ invite: { link: string } }>("POST", "/api/team/invites", { email, role });
  const token = invite.link.split("/invite/")[1]!;
  const browser = new Browser();
  await browser.csrf();
  const res = await browser.json<{ user: { id: string } }>("POST", "/api/invites/accept", { token, name, password: PASSWORD });
  return { browser, email, userId: res.user.id, orgId: owner.orgId };
}
