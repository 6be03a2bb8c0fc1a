/** 2FA enrolment: a pending secret, confirmed by a first code, then ten recovery codes shown once. */
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { appOrigin } from "../app-origin";
import { auditEntry } from "../audit/audit-log";
import { sendEmail } from "../email/send-email";
import { verifyPassword } from "../auth/passwords";
import { enrolment, newRecoveryCodes, newTotpSecret, sha256Hex, totpStep } from "../auth/totp";
import { open, seal, sealingKeysFromEnv } from "../crypto/secret-box";
import type { Db } from "../../db/client";
import { recoveryCodes, users } from "../../db/schema";
import { AppError } from "../errors";
import { acceptTotp } from "./sign-in";

export async function beginEnrolment(c: Context<AppEnv>, db: Db) {
  const { user } = c.get("auth");
  if (user.totpEnabledAt) throw new AppError(409, "two_factor_enabled", "Two-factor sign-in is already on. Turn it off first to re-enrol.");
  const secret = newTotpSecret();
  const sealed = await seal(sealingKeysFromEnv(c.env.ENCRYPTION_KEY), secret, user.id);
  await db.update(users).set({ totpSecretSealed: sealed, totpLastStep: null, updatedAt: Date.now() }).where(eq(users.id, user.id));
  return enrolment(secret, user.email);
}

export async function confirmEnrolment(c: Context<AppEnv>, db: Db, code: string): Promise<string[]> {
  const { user, org } = c.get("auth");
  if (user.totpEnabledAt) throw new AppError(409, "two_factor_enabled", "Two-factor sign-in is already on.");
  if (!user.totpSecretSealed) throw new AppError(409, "no_enrolment", "Start the setup first: scan the QR code, then enter a code.");
  const secret = await open(sealingKeysFromEnv(c.env.ENCRYPTION_KEY), user.totpSecretSealed, user.id);
  const step = totpStep(secret, code);
  if (step === null)
    throw new AppError(400, "invalid_code", "That code does not match. Check your device's clock and try the newest code.");
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map(sha256Hex));
  const now = Date.now();
  await db.batch([
    db.update(users).set({ totpEnabledAt: now, totpLastStep: step, updatedAt: now }).where(eq(users.id, user.id)),
    db.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id)),
    db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ id: crypto.randomUUID(), userId: user.id, codeHash }))),
    auditEntry(c, db, { orgId: org.id, action: "auth.2fa_enabled", target: { type: "user", id: user.id } }),
  ]);
  await mailTwoFactorChange(c, true);
  return codes;
}

export async function disableTwoFactor(c: Context<AppEnv>, db: Db, password: string, code: string): Promise<void> {
  const { user, org } = c.get("auth");
  if (!user.totpEnabledAt) throw new AppError(409, "two_factor_disabled", "Two-factor sign-in is already off.");
  if (org.requireTwoFactor)
    throw new AppError(403, "two_factor_required", "Your organization requires two-factor sign-in, so it cannot be turned off.");
  if (!(await verifyPassword(password, user.passwordHash, c.env.PASSWORD_PEPPER)))
    throw new AppError(403, "wrong_password", "That password is not right.");
  if (!(await acceptTotp(c, db, user, code))) throw new AppError(403, "invalid_code", "That code is not valid (or was already used).");
  const now = Date.now();
  await db.batch([
    db
      .update(users)
      .set({ totpSecretSealed: null, totpEnabledAt: null, totpLastStep: null, updatedAt: now })
      .where(and(eq(users.id, user.id), eq(users.orgId, org.id))),
    db.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id)),
    auditEntry(c, db, { orgId: org.id, action: "auth.2fa_disabled", target: { type: "user", id: user.id } }),
  ]);
  await mailTwoFactorChange(c, false);
}

/** Either change is mailed to the account's address: someone who got hold of a session learns nothing silently. */
async function mailTwoFactorChange(c: Context<AppEnv>, enabled: boolean): Promise<void> {
  const { user, org } = c.get("auth");
  await sendEmail(c.env, {
    to: user.email,
    orgId: org.id,
    template: "two_factor_changed",
    data: { name: user.name, enabled, link: `${appOrigin(c.env)}/profile` },
  });
}
