/**
 * Single-use tokens mailed to a person: a password reset or an email verification. The link holds the
 * only copy; D1 holds its SHA-256. Taking a token is one conditional UPDATE, so two clicks on one link
 * (or two tabs racing) cannot both use it.
 */
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accountTokens, type AccountTokenPurpose } from "../../db/tables/email";
import { randomToken } from "../auth/random-token";
import { sha256Hex } from "../auth/totp";

export const TOKEN_TTL_MS: Record<AccountTokenPurpose, number> = {
  password_reset: 30 * 60_000,
  verify_email: 3 * 24 * 3600_000,
};

/** Issues a token; the caller mails it. Returns the token (never stored) and when it expires. */
export async function issueAccountToken(db: Db, purpose: AccountTokenPurpose, user: { id: string; email: string }, now = Date.now()) {
  const token = randomToken();
  const expiresAt = now + TOKEN_TTL_MS[purpose];
  await db.insert(accountTokens).values({
    id: crypto.randomUUID(),
    userId: user.id,
    purpose,
    tokenHash: await sha256Hex(token),
    email: user.email,
    expiresAt,
    createdAt: now,
  });
  return { token, expiresAt };
}

/** Whether a token would be accepted now, without using it (to show the form or say the link is dead). */
export async function peekAccountToken(db: Db, purpose: AccountTokenPurpose, token: string, now = Date.now()) {
  return db
    .select({ userId: accountTokens.userId, email: accountTokens.email, expiresAt: accountTokens.expiresAt })
    .from(accountTokens)
    .where(openToken(purpose, await sha256Hex(token), now))
    .get();
}

/** Uses the token up, or returns null if it is unknown, used, expired or for another purpose. */
export async function takeAccountToken(db: Db, purpose: AccountTokenPurpose, token: string, now = Date.now()) {
  const row = await db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(openToken(purpose, await sha256Hex(token), now))
    .returning({ userId: accountTokens.userId, email: accountTokens.email })
    .get();
  return row ?? null;
}

/** Retires every open token of a purpose for a user (after a reset, older reset links stop working). */
export function retireAccountTokens(db: Db, purpose: AccountTokenPurpose, userId: string, now = Date.now()) {
  return db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt)));
}

const openToken = (purpose: AccountTokenPurpose, hash: string, now: number) =>
  and(
    eq(accountTokens.tokenHash, hash),
    eq(accountTokens.purpose, purpose),
    isNull(accountTokens.usedAt),
    gt(accountTokens.expiresAt, now),
  );
