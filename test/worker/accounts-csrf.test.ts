/**
 * CSRF: state-changing requests need the `__Host-wa_csrf_token` cookie echoed in X-CSRF-Token, and bodies
 * only as application/json. Refusals are 403 and change nothing; GET never changes anything.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { addMember, Browser, PASSWORD, uniqueEmail, USER_AGENT, signUpOwner } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { orgState, userByEmail } from "../support/org-state";

interface RawOptions {
  body?: BodyInit;
  contentType?: string;
  /** The X-CSRF-Token header: the cookie's value unless given; null leaves it out. */
  csrfHeader?: string | null;
  /** Leave the CSRF cookie out of the Cookie header. */
  dropCsrfCookie?: boolean;
}

/** A request from `browser`'s cookie jar, with the CSRF parts under the test's control. */
function raw(browser: Browser, method: string, path: string, opts: RawOptions = {}): Promise<Response> {
  const cookies = [...browser.cookies].filter(([k]) => !(opts.dropCsrfCookie && k === "__Host-wa_csrf_token"));
  const headers = new Headers({
    "cf-connecting-ip": browser.ip,
    "user-agent": USER_AGENT,
    cookie: cookies.map(([k, v]) => `${k}=${v}`).join("; "),
  });
  const csrf = opts.csrfHeader === undefined ? browser.cookies.get("__Host-wa_csrf_token") : opts.csrfHeader;
  if (csrf !== null && csrf !== undefined) headers.set("x-csrf-token", csrf);
  if (opts.contentType) headers.set("content-type", opts.contentType);
  return SELF.fetch(`https://parley.test${path}`, { method, headers, body: opts.body ?? null });
}

const oneCharOff = (token: string) => token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
const json = (value: unknown) => ({ body: JSON.stringify(value), contentType: "application/json" });

describe("CSRF double submit", () => {
  it("refuses a missing header, a mismatched header and a missing cookie (403 csrf_failed), changing nothing", async () => {
    const owner = await signUpOwner();
    const agent = await addMember(owner, "agent");
    const before = await orgState(owner.orgId);
    const attempts: [string, string, RawOptions][] = [
      ["POST", "/api/team/invites", { ...json({ email: uniqueEmail(), role: "admin" }), csrfHeader: null }],
      ["POST", "/api/team/invites", { ...json({ email: uniqueEmail(), role: "admin" }), csrfHeader: "forged-token-value" }],
      ["POST", "/api/team/invites", { ...json({ email: uniqueEmail(), role: "admin" }), dropCsrfCookie: true }],
      ["PATCH", `/api/team/members/${agent.userId}`, { ...json({ role: "admin" }), csrfHeader: null }],
      ["DELETE", `/api/team/members/${agent.userId}`, { csrfHeader: "" }],
      ["DELETE", `/api/team/members/${agent.userId}`, { dropCsrfCookie: true }],
      ["PATCH", "/api/me", { ...json({ name: "Changed" }), csrfHeader: null }],
      [
        "PATCH",
        "/api/org",
        { ...json({ name: "Changed", staySignedIn: true }), csrfHeader: `${owner.browser.cookies.get("__Host-wa_csrf_token")}x` },
      ],
      // Same length, one character off: the comparison must look at every byte, not only the length.
      [
        "PATCH",
        "/api/org",
        { ...json({ name: "Changed", staySignedIn: true }), csrfHeader: oneCharOff(owner.browser.cookies.get("__Host-wa_csrf_token")!) },
      ],
      ["POST", "/api/me/password", { ...json({ currentPassword: PASSWORD, newPassword: "another passphrase" }), dropCsrfCookie: true }],
      ["POST", "/api/me/sessions/revoke-others", { csrfHeader: null }],
      ["POST", "/api/me/2fa/setup", { csrfHeader: null }],
      ["POST", "/api/auth/logout", { csrfHeader: null }],
    ];
    for (const [method, path, opts] of attempts) {
      await expectError(await raw(owner.browser, method, path, opts), 403, "csrf_failed", "CSRF");
    }
    expect(await orgState(owner.orgId)).toEqual(before);
    await expectJson(await owner.browser.get("/api/auth/me"));
    await expectJson(await agent.browser.get("/api/auth/me"));
  });

  it("guards sign-up and sign-in too: no account, no session without the token", async () => {
    const owner = await signUpOwner();
    const stranger = new Browser();
    const email = uniqueEmail();
    await expectError(
      await raw(stranger, "POST", "/api/auth/signup", json({ orgName: "Evil", name: "Eve", email, password: PASSWORD })),
      403,
      "csrf_failed",
    );
    expect(await userByEmail(email)).toBeUndefined();
    const before = await orgState(owner.orgId);
    await expectError(await raw(stranger, "POST", "/api/auth/login", json({ email: owner.email, password: PASSWORD })), 403, "csrf_failed");
    expect(stranger.cookies.size).toBe(0);
    expect(await orgState(owner.orgId)).toEqual(before);
  });

  it("the token is per browser: another browser's token does not pass", async () => {
    const owner = await signUpOwner();
    const attacker = new Browser();
    await attacker.csrf();
    const before = await orgState(owner.orgId);
    const res = await raw(owner.browser, "PATCH", "/api/me", {
      ...json({ name: "Pwned" }),
      csrfHeader: attacker.cookies.get("__Host-wa_csrf_token")!,
    });
    await expectError(res, 403, "csrf_failed");
    expect(await orgState(owner.orgId)).toEqual(before);
  });
});

describe("JSON only", () => {
  it("refuses text/plain and form bodies with a valid CSRF token (403 json_required), changing nothing", async () => {
    const owner = await signUpOwner();
    const agent = await addMember(owner, "agent");
    const before = await orgState(owner.orgId);
    const form = new FormData();
    form.set("name", "Form Name");
    const bodies: RawOptions[] = [
      { body: JSON.stringify({ name: "Plain Name" }), contentType: "text/plain" },
      { body: JSON.stringify({ name: "Plain Name" }), contentType: "text/plain;charset=UTF-8" },
      { body: "name=Form+Name", contentType: "application/x-www-form-urlencoded" },
      { body: form },
      { body: JSON.stringify({ name: "No Type" }) },
    ];
    for (const opts of bodies)
      await expectError(await raw(owner.browser, "PATCH", "/api/me", opts), 403, "json_required", "application/json");
    await expectError(
      await raw(owner.browser, "PATCH", `/api/team/members/${agent.userId}`, { body: '{"role":"admin"}', contentType: "text/plain" }),
      403,
      "json_required",
    );
    await expectError(
      await raw(owner.browser, "POST", "/api/team/invites", {
        body: `email=${uniqueEmail()}&role=admin`,
        contentType: "application/x-www-form-urlencoded",
      }),
      403,
      "json_required",
    );
    expect(await orgState(owner.orgId)).toEqual(before);
  });

  it("refuses a text/plain sign-up (the classic cross-site simple request)", async () => {
    const browser = new Browser();
    await browser.csrf();
    const email = uniqueEmail();
    const res = await raw(browser, "POST", "/api/auth/signup", {
      body: JSON.stringify({ orgName: "Plain", name: "Pat", email, password: PASSWORD }),
      contentType: "text/plain",
    });
    await expectError(res, 403, "json_required");
    expect(await userByEmail(email)).toBeUndefined();
  });
});

describe("GET is safe", () => {
  it("no GET (or HEAD) on a state-changing path changes anything", async () => {
    const owner = await signUpOwner();
    const agent = await addMember(owner, "agent");
    const before = await orgState(owner.orgId);
    const paths = [
      "/api/auth/logout",
      "/api/auth/heartbeat",
      "/api/auth/signup",
      "/api/me/password",
      "/api/me/sessions/revoke-others",
      "/api/me/2fa/setup",
      "/api/me/2fa/confirm",
      "/api/me/2fa/disable",
      `/api/team/members/${agent.userId}`,
      "/api/numbers/some-number",
    ];
    for (const path of paths) {
      for (const method of ["GET", "HEAD"]) {
        const res = await owner.browser.request(method, path);
        expect(res.status, `${method} ${path}`).toBe(404);
        if (method === "GET") await expectError(res, 404, "not_found");
      }
    }
    expect(await orgState(owner.orgId)).toEqual(before);
    await expectJson(await owner.browser.get("/api/auth/me"));
    await expectJson(await agent.browser.get("/api/auth/me"));
  });
});
