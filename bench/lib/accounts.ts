/**
 * Signed-in agents for the live scenarios, through the public HTTP API as the web app signs in: the
 * CSRF cookie, then the login (or an invite accepted), keeping the cookies the server set.
 */
import { randomUUID } from "node:crypto";

export interface AgentSession {
  userId: string;
  email: string;
  /** `Cookie` header value: the session and the CSRF cookie. */
  cookie: string;
  csrf: string;
}

/** Seeded by the local stack when PASSWORD_PEPPER is given (scripts/lib/demo-seed.ts). */
export const DEMO_OWNER = { email: "demo@parley.local", password: "parley-demo-2026" } as const;

/**
 * Sign-in is rate limited per client IP, and the local server trusts `cf-connecting-ip`; each
 * sign-in gets an address of its own so a scenario never trips the limit it is not measuring.
 */
let nextIp = 1;
const freshIp = () => `10.77.${Math.floor(nextIp / 250) % 250}.${(nextIp++ % 250) + 1}`;

function cookiesOf(res: Response, jar: Map<string, string>): void {
  for (const line of res.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

async function json<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

async function csrfJar(url: string, ip: string): Promise<{ jar: Map<string, string>; csrf: string }> {
  const res = await fetch(`${url}/api/auth/csrf`, { headers: { "cf-connecting-ip": ip } });
  const jar = new Map<string, string>();
  cookiesOf(res, jar);
  const { csrfToken } = await json<{ csrfToken: string }>(res, "GET /api/auth/csrf");
  return { jar, csrf: csrfToken };
}

async function postJson<T>(url: string, path: string, jar: Map<string, string>, csrf: string, ip: string, body: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": csrf, cookie: cookieHeader(jar), "cf-connecting-ip": ip },
    body: JSON.stringify(body),
  });
  cookiesOf(res, jar);
  return json<T>(res, `POST ${path}`);
}

export async function signIn(url: string, email: string, password: string): Promise<AgentSession> {
  const ip = freshIp();
  const { jar, csrf } = await csrfJar(url, ip);
  const answer = await postJson<{ user?: { id: string }; csrfToken?: string; twoFactorRequired?: boolean }>(
    url,
    "/api/auth/login",
    jar,
    csrf,
    ip,
    { email, password },
  );
  if (!answer.user) throw new Error(`sign-in of ${email} needs a second factor; the bench's accounts have none`);
  return session(answer.user.id, email, jar, answer.csrfToken ?? csrf, url);
}

/** A new organization and its owner, as the sign-up page makes them (its plan: the trial's). */
export async function signUp(url: string, orgName: string): Promise<AgentSession & { orgId: string }> {
  const ip = freshIp();
  const { jar, csrf } = await csrfJar(url, ip);
  const email = `bench-${randomUUID().slice(0, 8)}@parley.local`;
  const answer = await postJson<{ user: { id: string }; org: { id: string }; csrfToken?: string }>(url, "/api/auth/signup", jar, csrf, ip, {
    orgName,
    name: "Bench Owner",
    email,
    password: `bench-${randomUUID()}`,
  });
  return { ...session(answer.user.id, email, jar, answer.csrfToken ?? csrf, url), orgId: answer.org.id };
}

/** Teammates with the agent role: invited by `owner`, each accepting (which signs them in). */
export async function inviteAgents(url: string, owner: AgentSession, count: number): Promise<AgentSession[]> {
  const agents: AgentSession[] = [];
  for (let i = 0; i < count; i++) {
    const email = `bench-agent-${i}-${randomUUID().slice(0, 8)}@parley.local`;
    const ip = freshIp();
    const { invite } = await postJson<{ invite: { link: string } }>(url, "/api/team/invites", jarOf(owner), owner.csrf, ip, {
      email,
      role: "agent",
    });
    const token = new URL(invite.link).pathname.split("/").pop() ?? "";
    const { jar, csrf } = await csrfJar(url, ip);
    const answer = await postJson<{ user: { id: string }; csrfToken: string }>(url, "/api/invites/accept", jar, csrf, ip, {
      token,
      name: `Bench Agent ${i + 1}`,
      password: `bench-password-${randomUUID()}`,
    });
    agents.push(session(answer.user.id, email, jar, answer.csrfToken, url));
  }
  return agents;
}

function session(userId: string, email: string, jar: Map<string, string>, csrf: string, url: string): AgentSession {
  // The answer may carry a fresh CSRF token whose cookie the jar already holds; keep the two in step.
  const s = { userId, email, cookie: cookieHeader(jar), csrf: jar.get("__Host-wa_csrf_token") ?? csrf };
  keepSignedIn(url, s);
  return s;
}

/**
 * A session whose tab stops sending heartbeats ends after 90 s (worker/auth/sessions.ts); the app
 * beats every 30 s, and so does the bench for every agent it signed in, for as long as it runs.
 */
const beating = new Set<{ url: string; agent: AgentSession }>();
// biome-ignore lint/correctness/noUnusedVariables: read only by ??=, so the interval is started once per process
let heart: NodeJS.Timeout | null = null;

function keepSignedIn(url: string, agent: AgentSession): void {
  beating.add({ url, agent });
  heart ??= setInterval(() => {
    for (const { url, agent } of beating) {
      // A stopped stack's sessions fail here harmlessly; the bench never depends on a beat landing.
      void fetch(`${url}/api/auth/heartbeat`, { method: "POST", headers: apiHeaders(agent) }).then(
        (r) => r.arrayBuffer(),
        () => undefined,
      );
    }
  }, 30_000).unref();
}

/** Forgets the sessions of a stack that stopped. */
export function forgetSessions(url: string): void {
  for (const b of beating) if (b.url === url) beating.delete(b);
}

function jarOf(s: AgentSession): Map<string, string> {
  return new Map(s.cookie.split("; ").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
}

/** Headers for an API call as `agent`. */
export function apiHeaders(agent: AgentSession): Record<string, string> {
  return { "content-type": "application/json", "x-csrf-token": agent.csrf, cookie: agent.cookie };
}

export async function apiGet<T>(url: string, agent: AgentSession, path: string): Promise<T> {
  return json<T>(await fetch(`${url}${path}`, { headers: apiHeaders(agent) }), `GET ${path}`);
}
