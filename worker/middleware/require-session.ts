/** Requires a live session; puts the caller's user, org and session on the context. */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { clearSessionCookie, readSessionCookie } from "../auth/cookies";
import { authenticate, type SessionProblem } from "../auth/sessions";
import { AppError } from "../errors";

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
}

export function requireSession(options: RequireSessionOptions = {}) {
  return createMiddleware<AppEnv>(async function requireSessionMiddleware(c, next) {
    const auth = await authenticate(c.env, readSessionCookie(c));
    if (typeof auth === "string") {
      if (auth !== "missing") clearSessionCookie(c);
      throw new AppError(401, `session_${auth}`, MESSAGES[auth]);
    }
    if (auth.org.requireTwoFactor && !auth.user.totpEnabledAt && !options.allowWithoutRequiredTwoFactor) {
      throw new AppError(403, "two_factor_required", "Your organization requires two-factor sign-in. Set it up in your profile to continue.");
    }
    c.set("auth", auth);
    await next();
  });
}
