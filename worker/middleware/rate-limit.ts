/** Rate limits for sign-in, sign-up, invites, 2FA and password resets: per IP and per account, 429 with Retry-After. */
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { AppError } from "../errors";

export interface LimitRule {
  limit: number;
  windowMs: number;
}

export const LIMITS = {
  loginPerIp: { limit: 30, windowMs: 15 * 60_000 },
  loginPerAccount: { limit: 10, windowMs: 15 * 60_000 },
  signupPerIp: { limit: 10, windowMs: 60 * 60_000 },
  invitePerIp: { limit: 20, windowMs: 15 * 60_000 },
  twoFactorPerIp: { limit: 30, windowMs: 15 * 60_000 },
  twoFactorPerAccount: { limit: 10, windowMs: 15 * 60_000 },
  // Each request may mail someone: few per address, so Parley cannot be used to flood an inbox.
  passwordResetPerIp: { limit: 10, windowMs: 15 * 60_000 },
  passwordResetPerEmail: { limit: 3, windowMs: 60 * 60_000 },
  /** Opening and using reset or verification links. */
  accountLinkPerIp: { limit: 30, windowMs: 15 * 60_000 },
} satisfies Record<string, LimitRule>;

const limiter = (c: Context<AppEnv>, key: string) => c.env.RATE_LIMITER.getByName(key);

export const clientIp = (c: Context) => c.req.header("cf-connecting-ip") ?? "unknown";

/** Limiter keys used in more than one place. */
export const limitKeys = {
  loginAccount: (email: string) => `login:account:${email}`,
  twoFactorUser: (userId: string) => `2fa:user:${userId}`,
};

/** Counts one attempt against every key; refuses with 429 if any is over its limit. */
export async function enforceRateLimits(c: Context<AppEnv>, checks: [key: string, rule: LimitRule][]): Promise<void> {
  const verdicts = await Promise.all(checks.map(([key, rule]) => limiter(c, key).hit(rule.limit, rule.windowMs)));
  const refused = verdicts.filter((v) => !v.allowed);
  if (refused.length) {
    const retryAfter = Math.max(...refused.map((v) => v.retryAfterSeconds));
    c.header("Retry-After", String(retryAfter));
    throw new AppError(
      429,
      "rate_limited",
      `Too many attempts. Try again in ${retryAfter < 120 ? `${retryAfter} seconds` : `${Math.ceil(retryAfter / 60)} minutes`}.`,
    );
  }
}

export async function resetRateLimit(c: Context<AppEnv>, key: string): Promise<void> {
  await limiter(c, key).reset();
}
