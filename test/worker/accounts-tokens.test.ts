/**
 * Session tokens that must not open a session: forged, expired, unsigned, for another audience or
 * issuer, edited, re-signed with a wrong key, or under an unknown key id. A token under the rotated-out
 * `old0` key still verifies. Each refusal leaves the org exactly as it was.
 */
import { describe, expect, it } from "vitest";
import { signUpOwner, type Member } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { orgState } from "../support/org-state";
import {
  browserWithToken,
  claimsOf,
  editPayload,
  headerOf,
  jwtKey,
  sessionToken,
  signToken,
  unsignedToken,
  type TokenSpec,
} from "../support/tokens";

/** A session's real claims, so each case below differs from a valid token in one way only. */
const realClaims = (m: Member) => {
  const { sub, org, jti } = claimsOf(sessionToken(m.browser));
  return { sub, org, jti };
};

/** Presents `token`, expects 401 with `code`, and shows the org did not change. */
async function refused(owner: Member, token: string, code = "session_invalid") {
  const before = await orgState(owner.orgId);
  const browser = await browserWithToken(token);
  await expectError(await browser.get("/api/auth/me"), 401, code);
  // A refused token is cleared from the browser; an attacker would simply send it again.
  expect(browser.cookies.has("__Host-token")).toBe(false);
  browser.cookies.set("__Host-token", token);
  await expectError(await browser.patch("/api/me", { name: "Mallory" }), 401, code);
  expect(await orgState(owner.orgId)).toEqual(before);
}

const inOneHour = () => Math.floor(Date.now() / 1000) + 3600;

describe("session tokens", () => {
  it("the Worker's own token has the pinned header and every claim", async () => {
    const owner = await signUpOwner();
    const token = sessionToken(owner.browser);
    expect(headerOf(token)).toEqual({ alg: "HS256", kid: "test1", typ: "JWT" });
    const claims = claimsOf(token);
    expect(claims).toMatchObject({ sub: owner.userId, org: owner.orgId, iss: "parley", aud: "parley-app" });
    expect(claims.jti).toEqual(expect.any(String));
    expect(claims.exp).toBeGreaterThan(claims.iat);
  });

  it("a token the test signs with the right key and real claims works (so the refusals below are about one thing each)", async () => {
    const owner = await signUpOwner();
    const browser = await browserWithToken(await signToken(realClaims(owner)));
    const me = await expectJson<{ user: { id: string } }>(await browser.get("/api/auth/me"));
    expect(me.user.id).toBe(owner.userId);
  });

  it("a token signed with the rotated-out key old0 still verifies", async () => {
    const owner = await signUpOwner();
    const browser = await browserWithToken(await signToken({ ...realClaims(owner), kid: "old0" }));
    expect((await expectJson<{ user: { id: string } }>(await browser.get("/api/auth/me"))).user.id).toBe(owner.userId);
  });

  const cases: [string, (c: Pick<TokenSpec, "sub" | "org" | "jti">) => Promise<string> | string][] = [
    ["forged with another key under kid test1", (c) => signToken({ ...c, key: crypto.getRandomValues(new Uint8Array(32)) })],
    ["signed with old0's key but labelled test1", (c) => signToken({ ...c, kid: "test1", key: jwtKey("old0") })],
    ["expired", (c) => signToken({ ...c, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 60 })],
    ["alg none", (c) => unsignedToken({ ...c, iss: "parley", aud: "parley-app", iat: Math.floor(Date.now() / 1000), exp: inOneHour() })],
    ["for another audience", (c) => signToken({ ...c, aud: "parley-admin" })],
    ["from another issuer", (c) => signToken({ ...c, iss: "evil" })],
    ["under an unknown kid", (c) => signToken({ ...c, kid: "zzz9", key: jwtKey("test1") })],
    ["with no kid", (c) => signToken({ ...c, kid: null, key: jwtKey("test1") })],
    ["with another HMAC algorithm than the pinned HS256", (c) => signToken({ ...c, alg: "HS512" })],
  ];

  for (const [name, build] of cases) {
    it(`refuses a token ${name} (401)`, async () => {
      const owner = await signUpOwner();
      await refused(owner, await build(realClaims(owner)));
    });
  }

  it("refuses the real token with its payload edited (org, sub or exp changed, signature kept)", async () => {
    const owner = await signUpOwner();
    const other = await signUpOwner("Other Org");
    const token = sessionToken(owner.browser);
    await refused(owner, editPayload(token, { org: other.orgId }));
    await refused(owner, editPayload(token, { sub: other.userId }));
    await refused(owner, editPayload(token, { exp: claimsOf(token).exp + 86_400 }));
    // The untouched token still works: only the edits were refused.
    await expectJson(await owner.browser.get("/api/auth/me"));
  });

  it("refuses tampered claims re-signed with a wrong key", async () => {
    const owner = await signUpOwner();
    const other = await signUpOwner("Other Org");
    await refused(owner, await signToken({ ...realClaims(owner), org: other.orgId, key: crypto.getRandomValues(new Uint8Array(32)) }));
  });

  it("refuses validly signed tokens whose claims do not match the session row (org, user or session swapped)", async () => {
    const owner = await signUpOwner();
    const other = await signUpOwner("Other Org");
    const mine = realClaims(owner);
    const theirs = realClaims(other);
    // Valid signatures: only the session row can tell these apart, and it does.
    await refused(owner, await signToken({ ...mine, org: other.orgId }), "session_revoked");
    await refused(owner, await signToken({ ...mine, sub: other.userId }), "session_revoked");
    await refused(other, await signToken({ ...theirs, jti: mine.jti }), "session_revoked");
    await refused(owner, await signToken({ ...mine, jti: crypto.randomUUID() }), "session_revoked");
    expect((await orgState(other.orgId)).members.map((m) => m.id)).toEqual([other.userId]);
  });

  it("refuses garbage in the cookie", async () => {
    const owner = await signUpOwner();
    const before = await orgState(owner.orgId);
    for (const token of ["", "not-a-jwt", "a.b.c", `${sessionToken(owner.browser)}x`]) {
      const browser = await browserWithToken(token);
      await expectError(await browser.get("/api/auth/me"), 401, token === "" ? "session_missing" : "session_invalid");
      browser.cookies.set("__Host-token", token);
      await expectError(await browser.post("/api/me/sessions/revoke-others"), 401, token === "" ? "session_missing" : "session_invalid");
    }
    expect(await orgState(owner.orgId)).toEqual(before);
  });
});
