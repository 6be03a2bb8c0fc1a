/**
 * Email verification for new owners: the sign-up mails a link; opening it records that this person
 * reads mail at this address. Billing and security mail goes to owners, so it matters that it arrives.
 * Nothing is blocked while unverified; the app reminds them.
 */
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import { users, type User } from "../../db/schema";
import { emailVerifications } from "../../db/tables/email";
import type { AppEnv } from "../app-env";
import { appOrigin } from "../app-origin";
import { auditEntry } from "../audit/audit-log";
import { sendEmail } from "../email/send-email";
import { AppError } from "../errors";
import { issueAccountToken, takeAccountToken } from "./account-tokens";

export async function sendVerificationEmail(c: Context<AppEnv>, db: Db, user: User): Promise<void> {
  const { token } = await issueAccountToken(db, "verify_email", user);
  await sendEmail(c.env, {
    to: user.email,
    orgId: user.orgId,
    template: "verify_email",
    data: { name: user.name, link: `${appOrigin(c.env)}/verify-email/${token}` },
  });
}

export async function isEmailVerified(db: Db, user: User): Promise<boolean> {
  const row = await db
    .select({ email: emailVerifications.email })
    .from(emailVerifications)
    .where(eq(emailVerifications.userId, user.id))
    .get();
  return row?.email === user.email;
}

export async function confirmEmail(c: Context<AppEnv>, db: Db, token: string): Promise<{ email: string }> {
  const taken = await takeAccountToken(db, "verify_email", token);
  const user = taken
    ? await db
        .select()
        .from(users)
        .where(and(eq(users.id, taken.userId), eq(users.email, taken.email)))
        .get()
    : undefined;
  if (!taken || !user) {
    throw new AppError(400, "verify_link_invalid", "This confirmation link is not valid any more. Send a new one from your profile.");
  }
  const verifiedAt = Date.now();
  await db.batch([
    db
      .insert(emailVerifications)
      .values({ userId: user.id, email: user.email, verifiedAt })
      .onConflictDoUpdate({ target: emailVerifications.userId, set: { email: user.email, verifiedAt } }),
    auditEntry(c, db, { orgId: user.orgId, action: "auth.email_verified", actor: user, detail: { email: user.email } }),
  ]);
  return { email: user.email };
}
