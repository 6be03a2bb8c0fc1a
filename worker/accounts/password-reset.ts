/**
 * Forgotten passwords. Asking always gets the same answer, whether or not the address has an account
 * (the route does the lookup and the mail after answering, so timing says nothing either). The mailed
 * link works once, for 30 minutes; using it sets the password, ends every session of the account and
 * retires any other reset link, then signs this browser in (unless 2FA still has to be passed).
 */
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import { organizations, users, type Organization, type User } from "../../db/schema";
import type { AppEnv } from "../app-env";
import { appOrigin } from "../app-origin";
import { auditEntry } from "../audit/audit-log";
import { hashPassword } from "../auth/passwords";
import { revokeAllSessions, startSession } from "../auth/sessions";
import { sendEmail } from "../email/send-email";
import { AppError } from "../errors";
import { issueAccountToken, peekAccountToken, retireAccountTokens, takeAccountToken, TOKEN_TTL_MS } from "./account-tokens";
import { closeMemberSockets } from "./close-sockets";

export const resetLinkInvalid = () =>
  new AppError(400, "reset_link_invalid", "This reset link is not valid any more: links work once, for 30 minutes. Ask for a new one.");

/** Mails a reset link if the address has an account; does nothing (visibly the same) otherwise. */
export async function requestPasswordReset(c: Context<AppEnv>, db: Db, email: string): Promise<void> {
  const user = await db.select().from(users).where(eq(users.email, email)).get();
  if (!user) return;
  const { token } = await issueAccountToken(db, "password_reset", user);
  await auditEntry(c, db, { orgId: user.orgId, action: "auth.password_reset_requested", actor: user });
  await sendEmail(c.env, {
    to: user.email,
    orgId: user.orgId,
    template: "password_reset",
    data: { name: user.name, link: `${appOrigin(c.env)}/reset-password/${token}`, validMinutes: TOKEN_TTL_MS.password_reset / 60_000 },
  });
}

export async function checkResetToken(db: Db, token: string): Promise<{ email: string; expiresAt: number }> {
  const row = await peekAccountToken(db, "password_reset", token);
  if (!row) throw resetLinkInvalid();
  return { email: row.email, expiresAt: row.expiresAt };
}

export type ResetOutcome = { signedIn: true; user: User; org: Organization } | { signedIn: false; twoFactorRequired: true };

export async function completePasswordReset(c: Context<AppEnv>, db: Db, token: string, password: string): Promise<ResetOutcome> {
  // Hash first: if the token is then refused, nothing changed; if it is accepted, nothing slow remains.
  const passwordHash = await hashPassword(password, c.env.PASSWORD_PEPPER);
  const taken = await takeAccountToken(db, "password_reset", token);
  if (!taken) throw resetLinkInvalid();
  const row = await db
    .select({ user: users, org: organizations })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(users.id, taken.userId), eq(users.email, taken.email)))
    .get();
  // The account's email changed (or it was removed) since the link was sent: the link was for someone else.
  if (!row) throw resetLinkInvalid();
  const { user, org } = row;
  await db.batch([
    db.update(users).set({ passwordHash, updatedAt: Date.now() }).where(eq(users.id, user.id)),
    revokeAllSessions(db, user.id),
    retireAccountTokens(db, "password_reset", user.id),
    auditEntry(c, db, { orgId: org.id, action: "auth.password_reset", actor: user, target: { type: "user", id: user.id } }),
  ]);
  c.executionCtx.waitUntil(closeMemberSockets(c.env, org.id, user.id));
  if (user.totpEnabledAt) return { signedIn: false, twoFactorRequired: true };
  await startSession(c, db, user, org);
  return { signedIn: true, user: { ...user, passwordHash }, org };
}
