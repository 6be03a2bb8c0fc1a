/** Requires a live session; puts the caller's user, org and session on the context. */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { clearSessionCookie, readSessionCookie } from "../auth/cookies";
import { authenticate, type SessionProblem } from "../auth/sessions";
import { AppError } from "../errors";
import { authenticateKey, bearerToken, logKeyRequest } from "../integrations/key-auth";

const MESSAGES: Record<SessionProblem, string> = {
  missing: "Sign in to continue.",
  invalid: "Your session is not valid. Sign in again.",
  revoked: "Your session has ended. Sign in again.",
  expired: "Your session has expired. Sign in again.",
  heartbeat_lapsed: "You were signed out because the app was closed. Sign in again.",
};

export interface RequireSessionOptions {
  /** Routes a member may use before enrolling the 2FA their org requires (enrolment itself, sign-out, me). */
  allowWithoutRequiredTwoFactor?: boolean;
  /** Routes a member of a terminated organization may still use (me, sign-out, the owner's cancel). */
  allowTerminated?: boolean;
  /**
   * A read every route behind this middleware starts with, run in parallel with the session check
   * and scoped by the org the signed token names (e.g. `loadConversation`). It may set context
   * variables; its errors (a 404) surface only after the session has passed every check above, so
   * the org it read in is the caller's own.
   */
  beside?: (c: Context<AppEnv>, orgId: string) => Promise<void>;
}

export function requireSession(options: RequireSessionOptions = {}) {
  const { beside } = options;
  return createMiddleware<AppEnv>(async function requireSessionMiddleware(c, next) {
    const key = bearerToken(c);
    if (key !== null) {
      const auth = await authenticateKey(c, key);
      if (auth.org.terminatedAt) {
        throw new AppError(403, "org_terminated", "This organization is being deleted. Its owner can still cancel that for a while.");
      }
      c.set("auth", auth);
      await beside?.(c, auth.org.id);
      await next();
      c.executionCtx.waitUntil(logKeyRequest(c, auth.org.id, auth.apiKey!.id, c.res.status));
      return;
    }
    const started = await authenticate(c.env, readSessionCookie(c), beside ? (orgId) => beside(c, orgId) : null);
    const { auth } = started;
    if (typeof auth === "string") {
      if (auth !== "missing") clearSessionCookie(c);
      throw new AppError(401, `session_${auth}`, MESSAGES[auth]);
    }
    if (auth.org.requireTwoFactor && !auth.user.totpEnabledAt && !options.allowWithoutRequiredTwoFactor) {
      throw new AppError(
        403,
        "two_factor_required",
        "Your organization requires two-factor sign-in. Set it up in your profile to continue.",
      );
    }
    if (auth.org.terminatedAt && !options.allowTerminated) {
      throw new AppError(403, "org_terminated", "This organization is being deleted. Its owner can still cancel that for a while.");
    }
    c.set("auth", auth);
    await started.beside;
    await next();
  });
}
