/**
 * Sign-in answers the same for a wrong password and an unknown email, and brute force meets exact
 * counters: per account, per IP, and on sign-up; 429 with Retry-After, and no session is made.
 */
import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { Browser, PASSWORD, signUpOwner, uniqueEmail } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { auditOf, orgState, sessionsOf, userByEmail } from "../support/org-state";
import { db } from "../support/parley";
import { LIMITS } from "../../worker/middleware/rate-limit";

async function browserAt(ip?: string): Promise<Browser> {
  const browser = new Browser(ip);
  await browser.csrf();
  return browser;
}

const login = (browser: Browser, email: string, password: string) => browser.post("/api/auth/login", { email, password });

async function expectRateLimited(res: Response): Promise<number> {
  const retryAfter = Number(res.headers.get("retry-after"));
  await expectError(res, 429, "rate_limited", /Try again in \d+ (seconds|minutes)/);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(3600);
  return retryAfter;
}

describe("sign-in", () => {
  it("a wrong password and an unknown email get the identical status and body", async () => {
    const owner = await signUpOwner();
    const wrong = await login(await browserAt(), owner.email, "not the password");
    const unknown = await login(await browserAt(), uniqueEmail("nobody"), "not the password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.headers.get("content-type")).toBe(wrong.headers.get("content-type"));
    const [a, b] = [await wrong.text(), await unknown.text()];
    expect(a).toBe(b);
    await expectError(new Response(a, { status: 401, headers: { "content-type": "application/json" } }), 401, "invalid_credentials");
    expect(wrong.headers.getSetCookie().some((c) => c.startsWith("__Host-token="))).toBe(false);
    expect(await sessionsOf(owner.userId)).toHaveLength(1);
  });

  it("email is matched case-insensitively, and a session comes back with the user", async () => {
    const owner = await signUpOwner();
    const browser = await browserAt();
    const body = await expectJson<{ user: { id: string }; mustEnrolTwoFactor: boolean }>(
      await login(browser, owner.email.toUpperCase(), PASSWORD),
    );
    expect(body.user.id).toBe(owner.userId);
    expect(body.mustEnrolTwoFactor).toBe(false);
    expect(browser.cookies.has("__Host-token")).toBe(true);
  });
});

describe("rate limits", () => {
  it("per account: the 11th attempt in 15 minutes is 429 with Retry-After, from any IP, even with the right password", {
    timeout: 60_000,
  }, async () => {
    const owner = await signUpOwner();
    for (let i = 0; i < 10; i++)
      await expectError(await login(await browserAt(), owner.email, `guess-${i}-password`), 401, "invalid_credentials");
    const before = await orgState(owner.orgId);
    await expectRateLimited(await login(await browserAt(), owner.email, "guess-10-password"));
    const right = await browserAt();
    await expectRateLimited(await login(right, owner.email, PASSWORD));
    expect(right.cookies.has("__Host-token")).toBe(false);
    // Refused before the password is even checked: no session, no new audit entry.
    expect(await orgState(owner.orgId)).toEqual(before);
    expect(await auditOf(owner.orgId, "auth.login_failed")).toHaveLength(10);
  });

  it("a successful sign-in clears the account's count", { timeout: 60_000 }, async () => {
    const owner = await signUpOwner();
    for (let i = 0; i < 9; i++)
      await expectError(await login(await browserAt(), owner.email, `guess-${i}-password`), 401, "invalid_credentials");
    await expectJson(await login(await browserAt(), owner.email, PASSWORD));
    for (let i = 0; i < 9; i++)
      await expectError(await login(await browserAt(), owner.email, `again-${i}-password`), 401, "invalid_credentials");
    await expectJson(await login(await browserAt(), owner.email, PASSWORD));
  });

  it("per IP: the 31st attempt from one address is 429 across many accounts; another address still gets in", {
    timeout: 60_000,
  }, async () => {
    const owner = await signUpOwner();
    const attacker = await browserAt("203.0.113.77");
    for (let i = 0; i < 30; i++) await expectError(await login(attacker, uniqueEmail("spray"), "Spring2026!"), 401, "invalid_credentials");
    await expectRateLimited(await login(attacker, owner.email, PASSWORD));
    expect(attacker.cookies.has("__Host-token")).toBe(false);
    await expectJson(await login(await browserAt("203.0.113.78"), owner.email, PASSWORD));
  });

  it("sign-up: the 11th from one IP in an hour is 429 and creates nothing", { timeout: 60_000 }, async () => {
    const browser = await browserAt("203.0.113.90");
    // Invalid bodies count too: the limit is checked before the body is read.
    for (let i = 0; i < 10; i++) await expectError(await browser.post("/api/auth/signup", { orgName: "X" }), 400, "invalid_body");
    const email = uniqueEmail();
    await expectRateLimited(await browser.post("/api/auth/signup", { orgName: "Limited", name: "Lim", email, password: PASSWORD }));
    expect(await userByEmail(email)).toBeUndefined();
    expect(browser.cookies.has("__Host-token")).toBe(false);
    await expectJson(
      await (await browserAt("203.0.113.91")).post("/api/auth/signup", { orgName: "Fine", name: "Fin", email, password: PASSWORD }),
      201,
    );
  });

  it("sign-up with an email already taken is 409 and leaves the account alone", async () => {
    const owner = await signUpOwner();
    const before = await orgState(owner.orgId);
    await expectError(
      await (await browserAt()).post("/api/auth/signup", {
        orgName: "Dup",
        name: "Dup",
        email: owner.email,
        password: "another passphrase",
      }),
      409,
      "email_taken",
    );
    expect(await orgState(owner.orgId)).toEqual(before);
  });

  it("two sign-ups racing for one email: one account, the other gets 409 (not a 500)", async () => {
    const email = uniqueEmail("race");
    const [a, b] = await Promise.all(
      [0, 1].map(async (i) =>
        (await browserAt()).post("/api/auth/signup", { orgName: `Race ${i}`, name: "Racer", email, password: PASSWORD }),
      ),
    );
    const statuses = [a!.status, b!.status].sort();
    expect(statuses).toEqual([201, 409]);
    await expectError(a!.status === 409 ? a! : b!, 409, "email_taken");
    expect(await userByEmail(email)).toBeDefined();
    // The loser's organization was rolled back with its owner: no org without people.
    const orgs = await db()
      .select()
      .from(schema.organizations)
      .where(inArray(schema.organizations.name, ["Race 0", "Race 1"]))
      .all();
    expect(orgs.map((o) => o.id)).toEqual([(await userByEmail(email))!.orgId]);
  });

  it("invite links: the 21st look-up from one IP in 15 minutes is 429", { timeout: 60_000 }, async () => {
    const browser = await browserAt("203.0.113.95");
    for (let i = 0; i < 20; i++) await expectError(await browser.get(`/api/invites/${"t".repeat(30)}${i}`), 404, "invite_invalid");
    await expectRateLimited(await browser.get(`/api/invites/${"t".repeat(30)}`));
  });
});
