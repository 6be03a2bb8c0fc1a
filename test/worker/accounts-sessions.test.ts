/**
 * Sessions end when they should: logout, password change, revoke one, revoke others, a lapsed heartbeat,
 * expiry. The token alone never keeps a session alive; the D1 row decides. Also the cookies' attributes.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { Browser, PASSWORD, signUpOwner, type Member } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { auditOf, orgState, sessionsOf } from "../support/org-state";
import { db } from "../support/parley";
import { browserWithToken, claimsOf, sessionToken } from "../support/tokens";

async function signIn(email: string, password = PASSWORD): Promise<Browser> {
  const browser = new Browser();
  await browser.csrf();
  await expectJson(await browser.post("/api/auth/login", { email, password }));
  return browser;
}

/** Every attribute of one Set-Cookie line, by lower-cased name. */
function cookieAttributes(res: Response, name: string): Map<string, string> | undefined {
  const line = res.headers.getSetCookie().find((l) => l.startsWith(`${name}=`));
  if (!line) return undefined;
  const [, ...attrs] = line.split(";").map((p) => p.trim());
  return new Map(attrs.map((a) => [a.split("=")[0]!.toLowerCase(), a.split("=").slice(1).join("=")]));
}

const setLastSeen = (sessionId: string, lastSeenAt: number) =>
  db().update(schema.sessions).set({ lastSeenAt }).where(eq(schema.sessions.id, sessionId));
const sessionRow = (id: string) => db().select().from(schema.sessions).where(eq(schema.sessions.id, id)).get();
const jtiOf = (m: Member | Browser) => claimsOf(sessionToken(m instanceof Browser ? m : m.browser)).jti;

describe("session cookies", () => {
  it("clears both cookies on sign-out with the attributes they were set with, so the browser drops them", async () => {
    const owner = await signUpOwner();
    const res = await owner.browser.post("/api/auth/logout");
    expect(res.status).toBe(200);
    const session = cookieAttributes(res, "__Host-token");
    const csrf = cookieAttributes(res, "__Host-wa_csrf_token");
    for (const attrs of [session, csrf]) {
      expect(attrs?.get("max-age")).toBe("0");
      expect(attrs?.get("path")).toBe("/");
      expect(attrs?.has("secure")).toBe(true);
      expect(attrs?.get("samesite")).toBe("Lax");
      expect(attrs?.has("domain")).toBe(false);
    }
    expect(session?.has("httponly")).toBe(true);
    expect(csrf?.has("httponly")).toBe(false);
  });

  it("sets __Host-token HttpOnly, Secure, SameSite=Lax, Path=/, no Domain, no Max-Age; the CSRF cookie is readable", async () => {
    const owner = await signUpOwner();
    const browser = new Browser();
    await browser.csrf();
    const res = await browser.post("/api/auth/login", { email: owner.email, password: PASSWORD });
    expect(res.status).toBe(200);
    const session = cookieAttributes(res, "__Host-token")!;
    expect([...session.keys()].sort()).toEqual(["httponly", "path", "samesite", "secure"]);
    expect(session.get("path")).toBe("/");
    expect(session.get("samesite")).toBe("Lax");
    const csrf = cookieAttributes(res, "__Host-wa_csrf_token")!;
    expect([...csrf.keys()].sort()).toEqual(["path", "samesite", "secure"]);
    expect(csrf.has("httponly")).toBe(false);
  });

  it("gives the session cookie a Max-Age only when the org stays signed in", async () => {
    const owner = await signUpOwner();
    await expectJson(await owner.browser.patch("/api/org", { staySignedIn: true }));
    const browser = new Browser();
    await browser.csrf();
    const res = await browser.post("/api/auth/login", { email: owner.email, password: PASSWORD });
    const maxAge = Number(cookieAttributes(res, "__Host-token")!.get("max-age"));
    expect(maxAge).toBeGreaterThan(6 * 24 * 3600);
    expect(maxAge).toBeLessThanOrEqual(7 * 24 * 3600);
  });

  it("issues a new token and a new session row at every sign-in", async () => {
    const owner = await signUpOwner();
    const a = await signIn(owner.email);
    const b = await signIn(owner.email);
    expect(new Set([sessionToken(owner.browser), sessionToken(a), sessionToken(b)]).size).toBe(3);
    expect(new Set([jtiOf(owner), jtiOf(a), jtiOf(b)]).size).toBe(3);
    expect((await sessionsOf(owner.userId)).filter((s) => s.revokedAt === null)).toHaveLength(3);
    for (const browser of [owner.browser, a, b]) await expectJson(await browser.get("/api/auth/me"));
  });
});

describe("ending sessions", () => {
  it("logout revokes the session: the same token replayed gets 401", async () => {
    const owner = await signUpOwner();
    const token = sessionToken(owner.browser);
    expect(await expectJson(await owner.browser.post("/api/auth/logout"))).toEqual({ signedOut: true });
    expect(owner.browser.cookies.has("__Host-token")).toBe(false);
    expect((await sessionRow(claimsOf(token).jti))!.revokedAt).toEqual(expect.any(Number));
    const before = await orgState(owner.orgId);
    const replay = await browserWithToken(token);
    await expectError(await replay.get("/api/auth/me"), 401, "session_revoked");
    replay.cookies.set("__Host-token", token);
    await expectError(await replay.patch("/api/me", { name: "Replayed" }), 401, "session_revoked");
    expect(await orgState(owner.orgId)).toEqual(before);
  });

  it("a password change signs out every other session and the old token, and keeps this browser signed in on a new one", async () => {
    const owner = await signUpOwner();
    const laptop = await signIn(owner.email);
    const oldToken = sessionToken(owner.browser);
    await expectJson(await owner.browser.post("/api/me/password", { currentPassword: PASSWORD, newPassword: "a brand new passphrase" }));
    expect(sessionToken(owner.browser)).not.toBe(oldToken);
    await expectJson(await owner.browser.get("/api/auth/me"));
    await expectError(await laptop.get("/api/auth/me"), 401, "session_revoked");
    await expectError(await (await browserWithToken(oldToken)).get("/api/auth/me"), 401, "session_revoked");
    expect((await sessionsOf(owner.userId)).filter((s) => s.revokedAt === null).map((s) => s.id)).toEqual([jtiOf(owner)]);
    // The old password is gone, the new one works.
    const stale = new Browser();
    await stale.csrf();
    await expectError(await stale.post("/api/auth/login", { email: owner.email, password: PASSWORD }), 401, "invalid_credentials");
    await signIn(owner.email, "a brand new passphrase");
    expect(await auditOf(owner.orgId, "auth.password_changed")).toHaveLength(1);
  });

  it("a password change with the wrong current password is refused and ends nothing", async () => {
    const owner = await signUpOwner();
    const laptop = await signIn(owner.email);
    const before = await orgState(owner.orgId);
    await expectError(
      await owner.browser.post("/api/me/password", { currentPassword: "not my password", newPassword: "a brand new passphrase" }),
      403,
      "wrong_password",
    );
    expect(await orgState(owner.orgId)).toEqual(before);
    await expectJson(await laptop.get("/api/auth/me"));
  });

  it("revoking one session ends exactly that one; revoking it again is 404", async () => {
    const owner = await signUpOwner();
    const laptop = await signIn(owner.email);
    const phone = await signIn(owner.email);
    const laptopId = jtiOf(laptop);
    const list = await expectJson<{ sessions: { id: string; current: boolean; ip: string }[] }>(
      await owner.browser.get("/api/me/sessions"),
    );
    expect(list.sessions.map((s) => s.id).sort()).toEqual([jtiOf(owner), laptopId, jtiOf(phone)].sort());
    expect(list.sessions.find((s) => s.current)!.id).toBe(jtiOf(owner));
    expect(list.sessions.find((s) => s.id === laptopId)!.ip).toBe(laptop.ip);

    await expectJson(await owner.browser.delete(`/api/me/sessions/${laptopId}`));
    await expectError(await laptop.get("/api/auth/me"), 401, "session_revoked");
    await expectJson(await phone.get("/api/auth/me"));
    await expectJson(await owner.browser.get("/api/auth/me"));
    const before = await orgState(owner.orgId);
    await expectError(await owner.browser.delete(`/api/me/sessions/${laptopId}`), 404, "session_not_found");
    await expectError(await owner.browser.delete(`/api/me/sessions/${crypto.randomUUID()}`), 404, "session_not_found");
    expect(await orgState(owner.orgId)).toEqual(before);
  });

  it("revoke-others ends every other session and keeps this one", async () => {
    const owner = await signUpOwner();
    const others = [await signIn(owner.email), await signIn(owner.email)];
    expect(await expectJson(await owner.browser.post("/api/me/sessions/revoke-others"))).toEqual({ revoked: 2 });
    for (const b of others) await expectError(await b.get("/api/auth/me"), 401, "session_revoked");
    await expectJson(await owner.browser.get("/api/auth/me"));
    expect((await sessionsOf(owner.userId)).filter((s) => s.revokedAt === null)).toHaveLength(1);
  });

  it("a session past its expiry is over whatever the token says", async () => {
    const owner = await signUpOwner();
    await db()
      .update(schema.sessions)
      .set({ expiresAt: Date.now() - 1 })
      .where(eq(schema.sessions.id, jtiOf(owner)));
    await expectError(await owner.browser.get("/api/auth/me"), 401, "session_expired");
  });
});

describe("heartbeat", () => {
  it("a heartbeat older than 90 s ends the session (401), and a late heartbeat cannot revive it", async () => {
    const owner = await signUpOwner();
    const token = sessionToken(owner.browser);
    await setLastSeen(jtiOf(owner), Date.now() - 91_000);
    const before = await orgState(owner.orgId);
    await expectError(await owner.browser.get("/api/auth/me"), 401, "session_heartbeat_lapsed", "app was closed");
    owner.browser.cookies.set("__Host-token", token);
    await expectError(await owner.browser.post("/api/auth/heartbeat"), 401, "session_heartbeat_lapsed");
    expect(await orgState(owner.orgId)).toEqual(before);
  });

  it("the heartbeat endpoint keeps a session alive", async () => {
    const owner = await signUpOwner();
    const id = jtiOf(owner);
    await setLastSeen(id, Date.now() - 60_000);
    expect(await expectJson(await owner.browser.post("/api/auth/heartbeat"))).toEqual({ nextInMs: 30_000 });
    const beat = (await sessionRow(id))!.lastSeenAt;
    expect(beat).toBeGreaterThan(Date.now() - 5_000);
    // Another 60 s pass: 120 s since the first beat, 60 s since the second, so it is still alive.
    await setLastSeen(id, beat - 60_000);
    await expectJson(await owner.browser.get("/api/auth/me"));
  });

  it("with the org's stay-signed-in setting a lapsed heartbeat is fine", async () => {
    const owner = await signUpOwner();
    await expectJson(await owner.browser.patch("/api/org", { staySignedIn: true }));
    await setLastSeen(jtiOf(owner), Date.now() - 3 * 3600_000);
    await expectJson(await owner.browser.get("/api/auth/me"));
    await expectJson(await owner.browser.patch("/api/org", { staySignedIn: false }));
    await setLastSeen(jtiOf(owner), Date.now() - 91_000);
    await expectError(await owner.browser.get("/api/auth/me"), 401, "session_heartbeat_lapsed");
  });
});
