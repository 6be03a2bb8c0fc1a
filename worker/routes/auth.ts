/** Sign-up, sign-in (with the 2FA step), sign-out, heartbeat and "who am I". */
import { Hono } from "hono";
import { completeTwoFactor, signInWithPassword, signUp } from "../accounts/sign-in";
import { publicOrg, publicUser } from "../accounts/public-shapes";
import { sendVerificationEmail } from "../accounts/verify-email";
import type { AppEnv } from "../app-env";
import { auditEntry } from "../audit/audit-log";
import { clearCsrfCookie, clearSessionCookie, issueCsrfToken } from "../auth/cookies";
import { HEARTBEAT_INTERVAL_MS, revokeSession, touchSession } from "../auth/sessions";
import { openDb } from "../../db/client";
import { jsonBody } from "../middleware/json-body";
import { clientIp, enforceRateLimits, LIMITS, limitKeys, resetRateLimit } from "../middleware/rate-limit";
import { requireSession } from "../middleware/require-session";
import { loginBody, signupBody, twoFactorLoginBody } from "../schemas/accounts";

export const auth = new Hono<AppEnv>();

/** The double-submit CSRF cookie, for pages that post before anyone is signed in. */
auth.get("/csrf", (c) => c.json({ csrfToken: issueCsrfToken(c) }));

auth.post("/signup", async (c) => {
  await enforceRateLimits(c, [[`signup:ip:${clientIp(c)}`, LIMITS.signupPerIp]]);
  const body = await jsonBody(c, signupBody);
  const db = openDb(c.env.DB);
  const { user, org } = await signUp(c, db, body);
  c.executionCtx.waitUntil(
    sendVerificationEmail(c, db, user).catch((err: unknown) => console.error("verification email failed", String(err))),
  );
  return c.json({ user: publicUser(user), org: publicOrg(org), csrfToken: issueCsrfToken(c) }, 201);
});

auth.post("/login", async (c) => {
  const body = await jsonBody(c, loginBody);
  const accountKey = limitKeys.loginAccount(body.email);
  const ipKey = `login:ip:${clientIp(c)}`;
  await enforceRateLimits(c, [
    [ipKey, LIMITS.loginPerIp],
    [accountKey, LIMITS.loginPerAccount],
  ]);
  const step = await signInWithPassword(c, openDb(c.env.DB), body.email, body.password);
  if (step.kind === "two_factor") return c.json({ twoFactorRequired: true, challengeId: step.challengeId });
  // Only failed attempts count: an office behind one address signs in many times a morning. Guessing
  // stays bounded per account (10) and per address between successes (30).
  await Promise.all([resetRateLimit(c, accountKey), resetRateLimit(c, ipKey)]);
  return c.json({
    user: publicUser(step.user),
    org: publicOrg(step.org),
    csrfToken: issueCsrfToken(c),
    mustEnrolTwoFactor: mustEnrol(step),
  });
});

auth.post("/login/2fa", async (c) => {
  const body = await jsonBody(c, twoFactorLoginBody);
  await enforceRateLimits(c, [[`2fa:ip:${clientIp(c)}`, LIMITS.twoFactorPerIp]]);
  const { user, org } = await completeTwoFactor(c, openDb(c.env.DB), body);
  // A completed sign-in clears the account's counts, as a password-only one does; otherwise a member with
  // 2FA who signs in on a few devices would lock themselves out.
  await Promise.all([resetRateLimit(c, limitKeys.loginAccount(user.email)), resetRateLimit(c, limitKeys.twoFactorUser(user.id))]);
  return c.json({ user: publicUser(user), org: publicOrg(org), csrfToken: issueCsrfToken(c), mustEnrolTwoFactor: false });
});

auth.post("/logout", requireSession({ allowWithoutRequiredTwoFactor: true, allowTerminated: true }), async (c) => {
  const { user, session, org } = c.get("auth");
  const db = openDb(c.env.DB);
  await revokeSession(db, user.id, session.id);
  await auditEntry(c, db, { orgId: org.id, action: "auth.logout" });
  clearSessionCookie(c);
  clearCsrfCookie(c);
  return c.json({ signedOut: true });
});

auth.post("/heartbeat", requireSession({ allowWithoutRequiredTwoFactor: true, allowTerminated: true }), async (c) => {
  await touchSession(openDb(c.env.DB), c.get("auth").session.id);
  return c.json({ nextInMs: HEARTBEAT_INTERVAL_MS });
});

auth.get("/me", requireSession({ allowWithoutRequiredTwoFactor: true, allowTerminated: true }), (c) => {
  const { user, org } = c.get("auth");
  return c.json({ user: publicUser(user), org: publicOrg(org), mustEnrolTwoFactor: org.requireTwoFactor && !user.totpEnabledAt });
});

const mustEnrol = (s: { user: { totpEnabledAt: number | null }; org: { requireTwoFactor: boolean } }) =>
  s.org.requireTwoFactor && !s.user.totpEnabledAt;
