/** Account links that arrive by email: forgotten password (ask, check, use) and email verification. */
import { Hono } from "hono";
import { publicOrg, publicUser } from "../accounts/public-shapes";
import { checkResetToken, completePasswordReset, requestPasswordReset } from "../accounts/password-reset";
import { confirmEmail, isEmailVerified, sendVerificationEmail } from "../accounts/verify-email";
import type { AppEnv } from "../app-env";
import { issueCsrfToken } from "../auth/cookies";
import { openDb } from "../../db/client";
import { jsonBody } from "../middleware/json-body";
import { clientIp, enforceRateLimits, LIMITS } from "../middleware/rate-limit";
import { requireSession } from "../middleware/require-session";
import { passwordResetBody, passwordResetRequestBody, verifyEmailBody } from "../schemas/accounts";

export const accountEmail = new Hono<AppEnv>();

/** One answer for every address, sent before the lookup runs (so its timing says nothing either). */
accountEmail.post("/password-reset", async (c) => {
  const { email } = await jsonBody(c, passwordResetRequestBody);
  await enforceRateLimits(c, [
    [`reset:ip:${clientIp(c)}`, LIMITS.passwordResetPerIp],
    [`reset:email:${email}`, LIMITS.passwordResetPerEmail],
  ]);
  c.executionCtx.waitUntil(
    requestPasswordReset(c, openDb(c.env.DB), email).catch((err: unknown) => console.error("password reset request failed", String(err))),
  );
  return c.json({ requested: true, message: "If an account uses this address, a reset link is on its way." }, 202);
});

accountEmail.get("/password-reset/:token", async (c) => {
  await enforceRateLimits(c, [[`account-link:ip:${clientIp(c)}`, LIMITS.accountLinkPerIp]]);
  return c.json({ reset: await checkResetToken(openDb(c.env.DB), c.req.param("token")) });
});

accountEmail.post("/password-reset/confirm", async (c) => {
  await enforceRateLimits(c, [[`account-link:ip:${clientIp(c)}`, LIMITS.accountLinkPerIp]]);
  const body = await jsonBody(c, passwordResetBody);
  const outcome = await completePasswordReset(c, openDb(c.env.DB), body.token, body.password);
  if (!outcome.signedIn) return c.json({ signedIn: false, twoFactorRequired: true });
  return c.json({ signedIn: true, user: publicUser(outcome.user), org: publicOrg(outcome.org), csrfToken: issueCsrfToken(c) });
});

accountEmail.post("/verify-email", async (c) => {
  await enforceRateLimits(c, [[`account-link:ip:${clientIp(c)}`, LIMITS.accountLinkPerIp]]);
  const body = await jsonBody(c, verifyEmailBody);
  return c.json({ verified: true, ...(await confirmEmail(c, openDb(c.env.DB), body.token)) });
});

accountEmail.get("/verify-email", requireSession({ allowWithoutRequiredTwoFactor: true }), async (c) => {
  return c.json({ verified: await isEmailVerified(openDb(c.env.DB), c.get("auth").user) });
});

accountEmail.post("/verify-email/resend", requireSession({ allowWithoutRequiredTwoFactor: true }), async (c) => {
  const { user } = c.get("auth");
  await enforceRateLimits(c, [[`verify:user:${user.id}`, LIMITS.passwordResetPerEmail]]);
  const db = openDb(c.env.DB);
  if (await isEmailVerified(db, user)) return c.json({ sent: false, verified: true });
  await sendVerificationEmail(c, db, user);
  return c.json({ sent: true, verified: false }, 202);
});
