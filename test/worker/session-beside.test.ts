/**
 * A route's first read runs beside the session check (one D1 round trip of waiting, not two in a row),
 * and the session still decides: the read's result and its errors only count once the session holds.
 */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { authenticate } from "../../worker/auth/sessions";
import * as schema from "../../db/schema";
import { signUpOwner } from "../support/accounts";
import { expectError } from "../support/api-errors";
import { db } from "../support/parley";
import { browserWithToken, claimsOf, sessionToken, signToken } from "../support/tokens";

describe("authenticate with a read beside", () => {
  it("starts the read with the token's org and answers without waiting for it", async () => {
    const owner = await signUpOwner();
    const orgs: string[] = [];
    let finish = () => {};
    const pending = new Promise<void>((resolve) => (finish = resolve));
    // The read never settles until the end: were it awaited before (or with) the session row, this would hang.
    const { auth, beside } = await authenticate(env, sessionToken(owner.browser), async (orgId) => {
      orgs.push(orgId);
      await pending;
    });
    expect(orgs).toEqual([owner.orgId]);
    expect(typeof auth === "string" ? auth : auth.org.id).toBe(owner.orgId);
    expect(beside).not.toBeNull();
    finish();
    await beside;
  });

  it("reports the session's problem, not the read's failure, for a token without a live session", async () => {
    const owner = await signUpOwner();
    const mine = claimsOf(sessionToken(owner.browser));
    const stale = await signToken({ sub: mine.sub, jti: crypto.randomUUID(), org: mine.org });
    const { auth } = await authenticate(env, stale, () => Promise.reject(new Error("not found")));
    expect(auth).toBe("revoked");
    // The rejected read is dropped; an unhandled rejection here would fail the test run.
    await new Promise((r) => setTimeout(r, 10));
  });

  it("starts nothing without a token or with a bad one", async () => {
    let started = 0;
    const read = async () => void started++;
    expect(await authenticate(env, undefined, read)).toEqual({ auth: "missing", beside: null });
    expect(await authenticate(env, "not.a.token", read)).toEqual({ auth: "invalid", beside: null });
    expect(started).toBe(0);
  });
});

describe("routes under a conversation's id", () => {
  it("answer 401 before 404: a stale session asking for a conversation that does not exist", async () => {
    const owner = await signUpOwner();
    const mine = claimsOf(sessionToken(owner.browser));
    const stale = await browserWithToken(await signToken({ sub: mine.sub, jti: crypto.randomUUID(), org: mine.org }));
    await expectError(await stale.get(`/api/conversations/${crypto.randomUUID()}/messages`), 401, "session_revoked");
    await expectError(await owner.browser.get(`/api/conversations/${crypto.randomUUID()}/messages`), 404, "conversation_not_found");
  });

  it("answer 403 before 404 when the org requires 2FA the member has not set up", async () => {
    const owner = await signUpOwner();
    // Set in D1 directly: the API asks the owner to enrol first, and this member is to be one who has not.
    await db().update(schema.organizations).set({ requireTwoFactor: true }).where(eq(schema.organizations.id, owner.orgId));
    await expectError(await owner.browser.get(`/api/conversations/${crypto.randomUUID()}`), 403, "two_factor_required");
  });
});
