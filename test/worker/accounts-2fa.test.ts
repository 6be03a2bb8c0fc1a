/**
 * Two-factor sign-in: enrolment by QR, confirm with a code, ten recovery codes shown once, the secret
 * sealed at rest; the second sign-in step, single-use codes, the challenge lock, the per-account limit,
 * turning it off, and an org that requires it.
 */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../worker/auth/totp";
import { open, sealingKeysFromEnv } from "../../worker/crypto/secret-box";
import * as schema from "../../db/schema";
import { addMember, Browser, PASSWORD, signUpOwner } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { auditOf, orgState, sessionsOf, userRow } from "../support/org-state";
import { db } from "../support/parley";
import { LIMITS } from "../../worker/middleware/rate-limit";
import { codeAt, enableTwoFactor, passwordStep, wrongCode, wrongCodes } from "../support/two-factor";

const challengeRow = (id: string) => db().select().from(schema.loginChallenges).where(eq(schema.loginChallenges.id, id)).get();
const recoveryRows = (userId: string) => db().select().from(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, userId)).all();
const secondStep = (browser: Browser, body: Record<string, string>) => browser.post("/api/auth/login/2fa", body);

describe("enrolment", () => {
  it("setup gives an otpauth URL and an SVG QR code, and stores the secret sealed, not in base32", async () => {
    const owner = await signUpOwner();
    const setup = await expectJson<{ secret: string; otpauthUrl: string; qrSvg: string }>(await owner.browser.post("/api/me/2fa/setup"));
    const url = new URL(setup.otpauthUrl);
    expect(url.protocol).toBe("otpauth:");
    expect(decodeURIComponent(url.pathname)).toContain(owner.email);
    expect(url.searchParams.get("secret")).toBe(setup.secret);
    expect(url.searchParams.get("issuer")).toBe("Parley");
    expect(setup.qrSvg.trimStart()).toMatch(/^<svg[\s>]/);
    expect(setup.qrSvg.trimEnd()).toMatch(/<\/svg>$/);

    const row = (await userRow(owner.userId))!;
    expect(row.totpEnabledAt).toBeNull();
    expect(row.totpSecretSealed).toMatch(/^v1\./);
    expect(row.totpSecretSealed).not.toContain(setup.secret);
    const keys = sealingKeysFromEnv(env.ENCRYPTION_KEY);
    expect(await open(keys, row.totpSecretSealed!, owner.userId)).toBe(setup.secret);
    // Bound to its user: the same ciphertext does not open as anyone else's.
    await expect(open(keys, row.totpSecretSealed!, `${owner.userId}x`)).rejects.toThrow();
  });

  it("a wrong confirmation code turns nothing on", async () => {
    const owner = await signUpOwner();
    const { secret } = await owner.browser.json<{ secret: string }>("POST", "/api/me/2fa/setup");
    const before = await orgState(owner.orgId);
    await expectError(await owner.browser.post("/api/me/2fa/confirm", { code: wrongCode(secret) }), 400, "invalid_code");
    expect(await orgState(owner.orgId)).toEqual(before);
  });

  it("confirming shows ten recovery codes once; they are stored hashed; setup cannot run again while on", async () => {
    const owner = await signUpOwner();
    const { secret, recoveryCodes } = await enableTwoFactor(owner);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);
    const stored = await recoveryRows(owner.userId);
    expect(stored.map((r) => r.codeHash).sort()).toEqual((await Promise.all(recoveryCodes.map(sha256Hex))).sort());
    expect(stored.some((r) => recoveryCodes.includes(r.codeHash))).toBe(false);
    expect((await userRow(owner.userId))!.totpEnabledAt).toEqual(expect.any(Number));

    const before = await orgState(owner.orgId);
    await expectError(await owner.browser.post("/api/me/2fa/setup"), 409, "two_factor_enabled");
    await expectError(await owner.browser.post("/api/me/2fa/confirm", { code: codeAt(secret, 1) }), 409, "two_factor_enabled");
    expect(await orgState(owner.orgId)).toEqual(before);
    expect((await expectJson<{ user: { twoFactorEnabled: boolean } }>(await owner.browser.get("/api/auth/me"))).user.twoFactorEnabled).toBe(
      true,
    );
  });
});

describe("signing in with two factors", () => {
  it("the password alone gives a challenge, not a session; the code completes it", async () => {
    const owner = await signUpOwner();
    const { secret } = await enableTwoFactor(owner);
    const { browser, challengeId } = await passwordStep(owner.email);
    await expectError(await browser.get("/api/auth/me"), 401, "session_missing");
    const done = await expectJson<{ user: { id: string } }>(await secondStep(browser, { challengeId, code: codeAt(secret, 1) }));
    expect(done.user.id).toBe(owner.userId);
    expect((await expectJson<{ user: { id: string } }>(await browser.get("/api/auth/me"))).user.id).toBe(owner.userId);
    // A browser this account never signed in from: the audit says so (and the owner got a mail).
    expect((await auditOf(owner.orgId, "auth.login")).at(-1)!.detail).toEqual({ method: "password+totp", newDevice: true });
    // The challenge is spent.
    await expectError(await secondStep(browser, { challengeId, code: codeAt(secret, 1) }), 401, "challenge_expired");
  });

  it("a TOTP code works once: reusing it (or an older one) on a new challenge is refused", async () => {
    const owner = await signUpOwner();
    const { secret } = await enableTwoFactor(owner);
    const code = codeAt(secret, 1);
    const first = await passwordStep(owner.email);
    await expectJson(await secondStep(first.browser, { challengeId: first.challengeId, code }));
    const sessions = await sessionsOf(owner.userId);
    const again = await passwordStep(owner.email);
    await expectError(await secondStep(again.browser, { challengeId: again.challengeId, code }), 401, "invalid_code", "already used");
    await expectError(await secondStep(again.browser, { challengeId: again.challengeId, code: codeAt(secret, 0) }), 401, "invalid_code");
    expect(again.browser.cookies.has("__Host-token")).toBe(false);
    expect(await sessionsOf(owner.userId)).toEqual(sessions);
    expect((await challengeRow(again.challengeId))!.failedAttempts).toBe(2);
  });

  it("five wrong codes lock the challenge: then even the right code gets 429 challenge_locked", async () => {
    const owner = await signUpOwner();
    const { secret } = await enableTwoFactor(owner);
    const { browser, challengeId } = await passwordStep(owner.email);
    for (let i = 1; i <= 4; i++)
      await expectError(await secondStep(browser, { challengeId, code: wrongCode(secret) }), 401, "invalid_code", "not valid");
    await expectError(await secondStep(browser, { challengeId, code: wrongCode(secret) }), 401, "invalid_code", "locked");
    const lastStep = (await userRow(owner.userId))!.totpLastStep;
    await expectError(await secondStep(browser, { challengeId, code: codeAt(secret, 1) }), 429, "challenge_locked");
    const row = (await challengeRow(challengeId))!;
    expect(row.failedAttempts).toBe(5);
    expect(row.lockedUntil).toBeGreaterThan(Date.now());
    expect(row.usedAt).toBeNull();
    expect((await userRow(owner.userId))!.totpLastStep).toBe(lastStep);
    expect(browser.cookies.has("__Host-token")).toBe(false);
    expect(await auditOf(owner.orgId, "auth.2fa_failed")).toHaveLength(5);
  });

  it("a burst of wrong codes sent at once still locks after five", async () => {
    const owner = await signUpOwner();
    const { secret } = await enableTwoFactor(owner);
    const { browser, challengeId } = await passwordStep(owner.email);
    const codes = wrongCodes(secret, 8);
    const answers = await Promise.all(codes.map((code) => secondStep(browser, { challengeId, code })));
    const judged = answers.filter((r) => r.status === 401).length;
    expect(judged).toBeLessThanOrEqual(5);
    for (const res of answers.filter((r) => r.status !== 401)) await expectError(res, 429, "challenge_locked");
    expect((await challengeRow(challengeId))!.failedAttempts).toBe(5);
    expect((await challengeRow(challengeId))!.lockedUntil).toBeGreaterThan(Date.now());
    await expectError(await secondStep(browser, { challengeId, code: codeAt(secret, 1) }), 429, "challenge_locked");
  });

  it("per account, across challenges: the 11th code in 15 minutes is 429 rate_limited", { timeout: 60_000 }, async () => {
    const owner = await signUpOwner();
    const { secret } = await enableTwoFactor(owner);
    for (let round = 0; round < 2; round++) {
      const { browser, challengeId } = await passwordStep(owner.email);
      for (let i = 0; i < 5; i++)
        await expectError(await secondStep(browser, { challengeId, code: wrongCode(secret) }), 401, "invalid_code");
    }
    const { browser, challengeId } = await passwordStep(owner.email);
    const before = await orgState(owner.orgId);
    const res = await secondStep(browser, { challengeId, code: codeAt(secret, 1) });
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    await expectError(res, 429, "rate_limited");
    expect(browser.cookies.has("__Host-token")).toBe(false);
    // Refused before the code was looked at: not consumed, no session, no attempt counted.
    expect(await orgState(owner.orgId)).toEqual(before);
  });

  it("signing in fully clears the counts: a member with 2FA can sign in 11 times in 15 minutes", { timeout: 60_000 }, async () => {
    const owner = await signUpOwner();
    const { secret, recoveryCodes } = await enableTwoFactor(owner);
    const secondFactors: Record<string, string>[] = [
      ...recoveryCodes.map((recoveryCode) => ({ recoveryCode })),
      { code: codeAt(secret, 1) },
    ];
    for (const factor of secondFactors) {
      const { browser, challengeId } = await passwordStep(owner.email);
      await expectJson(await secondStep(browser, { challengeId, ...factor }));
    }
    expect((await sessionsOf(owner.userId)).filter((s) => s.revokedAt === null)).toHaveLength(12);
  });

  it("a recovery code signs in once", async () => {
    const owner = await signUpOwner();
    const { recoveryCodes } = await enableTwoFactor(owner);
    const first = await passwordStep(owner.email);
    await expectJson(await secondStep(first.browser, { challengeId: first.challengeId, recoveryCode: recoveryCodes[3]!.toUpperCase() }));
    await expectJson(await first.browser.get("/api/auth/me"));
    const used = (await recoveryRows(owner.userId)).filter((r) => r.usedAt !== null);
    expect(used.map((r) => r.codeHash)).toEqual([await sha256Hex(recoveryCodes[3]!)]);
    expect(await auditOf(owner.orgId, "auth.recovery_code_used")).toHaveLength(1);

    const again = await passwordStep(owner.email);
    await expectError(
      await secondStep(again.browser, { challengeId: again.challengeId, recoveryCode: recoveryCodes[3]! }),
      401,
      "invalid_code",
    );
    expect(again.browser.cookies.has("__Host-token")).toBe(false);
    await expectJson(await secondStep(again.browser, { challengeId: again.challengeId, recoveryCode: recoveryCodes[4]! }));
  });
});

describe("turning it off", () => {
  it("needs the password and a current code; then sign-in is one step again", async () => {
    const owner = await signUpOwner();
    const { secret } = await enableTwoFactor(owner);
    const before = await orgState(owner.orgId);
    await expectError(
      await owner.browser.post("/api/me/2fa/disable", { password: "not my password", code: codeAt(secret, 1) }),
      403,
      "wrong_password",
    );
    await expectError(
      await owner.browser.post("/api/me/2fa/disable", { password: PASSWORD, code: wrongCode(secret) }),
      403,
      "invalid_code",
    );
    await expectError(await owner.browser.post("/api/me/2fa/disable", { password: PASSWORD }), 400, "invalid_body", "code");
    expect(await orgState(owner.orgId)).toEqual(before);

    await expectJson(await owner.browser.post("/api/me/2fa/disable", { password: PASSWORD, code: codeAt(secret, 1) }));
    const row = (await userRow(owner.userId))!;
    expect([row.totpSecretSealed, row.totpEnabledAt, row.totpLastStep]).toEqual([null, null, null]);
    expect(await recoveryRows(owner.userId)).toEqual([]);
    expect(await auditOf(owner.orgId, "auth.2fa_disabled")).toHaveLength(1);
    const browser = new Browser();
    await browser.csrf();
    expect(
      await expectJson<{ twoFactorRequired?: boolean }>(await browser.post("/api/auth/login", { email: owner.email, password: PASSWORD })),
    ).not.toHaveProperty("twoFactorRequired");
  });
});

describe("an organization that requires 2FA", () => {
  it("only an owner with 2FA can require it; an admin gets 403", async () => {
    const owner = await signUpOwner();
    const admin = await addMember(owner, "admin");
    const before = await orgState(owner.orgId);
    await expectError(await owner.browser.patch("/api/org", { requireTwoFactor: true }), 409, "enable_2fa_first");
    await enableTwoFactor(admin);
    const withAdmin2fa = await orgState(owner.orgId);
    await expectError(await admin.browser.patch("/api/org", { requireTwoFactor: true }), 403, "owner_only");
    expect(await orgState(owner.orgId)).toEqual(withAdmin2fa);
    expect(before.org!.requireTwoFactor).toBe(false);
    await enableTwoFactor(owner);
    expect(
      (await expectJson<{ org: { requireTwoFactor: boolean } }>(await owner.browser.patch("/api/org", { requireTwoFactor: true }))).org
        .requireTwoFactor,
    ).toBe(true);
    // An admin may still change what is theirs to change, but not switch the requirement off.
    await expectJson(await admin.browser.patch("/api/org", { name: "Renamed by admin", requireTwoFactor: true }));
    const required = await orgState(owner.orgId);
    await expectError(await admin.browser.patch("/api/org", { requireTwoFactor: false }), 403, "owner_only");
    expect(await orgState(owner.orgId)).toEqual(required);
  });

  it("members without 2FA get 403 two_factor_required everywhere but enrolment, heartbeat and /api/auth/me", async () => {
    const owner = await signUpOwner();
    const agent = await addMember(owner, "agent");
    await enableTwoFactor(owner);
    await expectJson(await owner.browser.patch("/api/org", { requireTwoFactor: true }));
    const before = await orgState(owner.orgId);
    for (const [method, path, body] of [
      ["GET", "/api/team/members", undefined],
      ["GET", "/api/numbers", undefined],
      ["GET", "/api/org", undefined],
      ["GET", "/api/me/sessions", undefined],
      ["PATCH", "/api/me", { name: "Sneaky" }],
      ["POST", "/api/me/sessions/revoke-others", {}],
    ] as const) {
      await expectError(await agent.browser.request(method, path, body), 403, "two_factor_required", "two-factor");
    }
    expect(await orgState(owner.orgId)).toEqual(before);

    const me = await expectJson<{ mustEnrolTwoFactor: boolean }>(await agent.browser.get("/api/auth/me"));
    expect(me.mustEnrolTwoFactor).toBe(true);
    await expectJson(await agent.browser.post("/api/auth/heartbeat"));
    await enableTwoFactor(agent);
    await expectJson(await agent.browser.get("/api/team/members"));
    expect((await expectJson<{ mustEnrolTwoFactor: boolean }>(await agent.browser.get("/api/auth/me"))).mustEnrolTwoFactor).toBe(false);
  });

  it("signing in without 2FA says enrolment is due, signing out still works; 2FA cannot be turned off while required", async () => {
    const owner = await signUpOwner();
    const agent = await addMember(owner, "agent");
    const { secret } = await enableTwoFactor(owner);
    await expectJson(await owner.browser.patch("/api/org", { requireTwoFactor: true }));
    const browser = new Browser();
    await browser.csrf();
    expect(
      (await expectJson<{ mustEnrolTwoFactor: boolean }>(await browser.post("/api/auth/login", { email: agent.email, password: PASSWORD })))
        .mustEnrolTwoFactor,
    ).toBe(true);
    const before = await orgState(owner.orgId);
    await expectError(
      await owner.browser.post("/api/me/2fa/disable", { password: PASSWORD, code: codeAt(secret, 1) }),
      403,
      "two_factor_required",
    );
    expect(await orgState(owner.orgId)).toEqual(before);
    // Signing out needs no second factor.
    await expectJson(await browser.post("/api/auth/logout"));
    await expectError(await browser.get("/api/auth/me"), 401, "session_missing");
  });
});
