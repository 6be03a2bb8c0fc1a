/**
 * Sign-up and sign-in. A wrong password and an unknown email get the same answer after the same bcrypt
 * work; a member with 2FA gets a short-lived challenge instead of a session.
 */
import { and, desc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { auditEntry } from "../audit/audit-log";
import { hashPassword, verifyPassword } from "../auth/passwords";
import { deviceHash } from "../auth/device";
import { describeUserAgent } from "../auth/user-agent";
import { requestMeta, startSession } from "../auth/sessions";
import { appOrigin } from "../app-origin";
import { sendEmail } from "../email/send-email";
import { open, sealingKeysFromEnv } from "../crypto/secret-box";
import { sha256Hex, totpStep } from "../auth/totp";
import type { Db } from "../../db/client";
import { loginChallenges, organizations, recoveryCodes, sessions, users, type Organization, type User } from "../../db/schema";
import { AppError } from "../errors";
import { enforceRateLimits, LIMITS, limitKeys } from "../middleware/rate-limit";
import type { SignupBody } from "../schemas/accounts";

const CHALLENGE_TTL_MS = 10 * 60_000;
const CHALLENGE_MAX_FAILURES = 5;
const CHALLENGE_LOCK_MS = 15 * 60_000;

export const INVALID_CREDENTIALS = new AppError(401, "invalid_credentials", "That email and password do not match an account.");

export async function signUp(c: Context<AppEnv>, db: Db, body: SignupBody) {
  const taken = await db.select({ id: users.id }).from(users).where(eq(users.email, body.email)).get();
  if (taken) throw new AppError(409, "email_taken", "An account with this email already exists. Sign in instead.");
  const now = Date.now();
  const org: Organization = {
    id: `org_${crypto.randomUUID()}`,
    name: body.orgName,
    requireTwoFactor: false,
    staySignedIn: false,
    terminatedAt: null,
    purgeAfter: null,
    createdAt: now,
  };
  const user = await newUser(c, { orgId: org.id, email: body.email, name: body.name, role: "owner", password: body.password });
  try {
    await db.batch([
      db.insert(organizations).values(org),
      db.insert(users).values(user),
      auditEntry(c, db, { orgId: org.id, action: "auth.signup", actor: user, target: { type: "user", id: user.id } }),
    ]);
  } catch (err) {
    // Two sign-ups racing for one email both pass the check above; the unique index rolls the loser back whole.
    if (String(err).includes("UNIQUE"))
      throw new AppError(409, "email_taken", "An account with this email already exists. Sign in instead.");
    throw err;
  }
  await startSession(c, db, user, org);
  return { user, org };
}

export async function newUser(
  c: Context<AppEnv>,
  input: { orgId: string; email: string; name: string; role: User["role"]; password: string },
): Promise<User> {
  const now = Date.now();
  return {
    id: `usr_${crypto.randomUUID()}`,
    orgId: input.orgId,
    email: input.email,
    name: input.name,
    role: input.role,
    passwordHash: await hashPassword(input.password, c.env.PASSWORD_PEPPER),
    totpSecretSealed: null,
    totpEnabledAt: null,
    totpLastStep: null,
    createdAt: now,
    updatedAt: now,
  };
}

export type PasswordStep = { kind: "session"; user: User; org: Organization } | { kind: "two_factor"; challengeId: string };

export async function signInWithPassword(c: Context<AppEnv>, db: Db, email: string, password: string): Promise<PasswordStep> {
  const row = await db
    .select({ user: users, org: organizations })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.email, email))
    .get();
  const ok = await verifyPassword(password, row?.user.passwordHash ?? null, c.env.PASSWORD_PEPPER);
  if (!row || !ok) {
    if (row) await auditEntry(c, db, { orgId: row.org.id, action: "auth.login_failed", actor: row.user, detail: { reason: "password" } });
    throw INVALID_CREDENTIALS;
  }
  if (row.user.totpEnabledAt) {
    const challengeId = crypto.randomUUID();
    await db.insert(loginChallenges).values({ id: challengeId, userId: row.user.id, expiresAt: Date.now() + CHALLENGE_TTL_MS });
    return { kind: "two_factor", challengeId };
  }
  await finishSignIn(c, db, row.user, row.org, "password");
  return { kind: "session", user: row.user, org: row.org };
}

async function finishSignIn(c: Context<AppEnv>, db: Db, user: User, org: Organization, method: string) {
  const device = await seenDevice(c, db, user);
  await startSession(c, db, user, org);
  await auditEntry(c, db, {
    orgId: org.id,
    action: "auth.login",
    actor: user,
    detail: { method, ...(device === "new" && { newDevice: true }) },
  });
  if (device === "new") {
    const { ip, userAgent } = requestMeta(c);
    await sendEmail(c.env, {
      to: user.email,
      orgId: org.id,
      template: "new_sign_in",
      data: {
        name: user.name,
        device: describeUserAgent(userAgent),
        ip: ip ?? "unknown",
        at: Date.now(),
        link: `${appOrigin(c.env)}/profile`,
      },
    });
  }
}

/**
 * Whether this browser signed in as `user` before. An account's very first sign-in ("first") is not
 * news to its owner; a sign-in from a device none of its sessions came from ("new") is.
 */
async function seenDevice(c: Context<AppEnv>, db: Db, user: User): Promise<"first" | "known" | "new"> {
  const hash = await deviceHash(c);
  const row = await db
    .select({ same: sql<number>`${sessions.deviceHash} = ${hash}` })
    .from(sessions)
    .where(eq(sessions.userId, user.id))
    .orderBy(desc(sql`${sessions.deviceHash} = ${hash}`))
    .limit(1)
    .get();
  if (!row) return "first";
  return row.same ? "known" : "new";
}

/** The second step: a TOTP code (each works once) or a recovery code (each works once). */
export async function completeTwoFactor(
  c: Context<AppEnv>,
  db: Db,
  input: { challengeId: string; code?: string; recoveryCode?: string },
): Promise<{ user: User; org: Organization }> {
  const now = Date.now();
  const row = await db
    .select({ challenge: loginChallenges, user: users, org: organizations })
    .from(loginChallenges)
    .innerJoin(users, eq(users.id, loginChallenges.userId))
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(loginChallenges.id, input.challengeId), isNull(loginChallenges.usedAt), gt(loginChallenges.expiresAt, now)))
    .get();
  if (!row) throw new AppError(401, "challenge_expired", "This sign-in attempt has expired. Enter your password again.");
  // Per account, across challenges: a new password sign-in must not buy a fresh set of guesses.
  await enforceRateLimits(c, [[limitKeys.twoFactorUser(row.user.id), LIMITS.twoFactorPerAccount]]);
  const locked = new AppError(
    429,
    "challenge_locked",
    "Too many wrong codes. Wait 15 minutes, or sign in again with a recovery code later.",
  );
  if (row.challenge.lockedUntil && row.challenge.lockedUntil > now) throw locked;
  const attempt = await takeAttempt(db, row.challenge.id);
  if (attempt === null) throw locked;

  const accepted = input.code ? await acceptTotp(c, db, row.user, input.code) : await acceptRecoveryCode(db, row.user, input.recoveryCode!);
  if (!accepted) {
    const lockNow = attempt >= CHALLENGE_MAX_FAILURES;
    await db.batch([
      auditEntry(c, db, { orgId: row.org.id, action: "auth.2fa_failed", actor: row.user, detail: { attempt } }),
      ...(lockNow
        ? [
            db
              .update(loginChallenges)
              .set({ lockedUntil: now + CHALLENGE_LOCK_MS })
              .where(eq(loginChallenges.id, row.challenge.id)),
          ]
        : []),
    ]);
    throw new AppError(
      401,
      "invalid_code",
      lockNow ? "Too many wrong codes; this sign-in is locked for 15 minutes." : "That code is not valid (or was already used).",
    );
  }
  // The attempt taken above was not a failure after all.
  await db
    .update(loginChallenges)
    .set({ usedAt: now, failedAttempts: sql`${loginChallenges.failedAttempts} - 1` })
    .where(eq(loginChallenges.id, row.challenge.id));
  if (input.recoveryCode) await auditEntry(c, db, { orgId: row.org.id, action: "auth.recovery_code_used", actor: row.user });
  await finishSignIn(c, db, row.user, row.org, input.code ? "password+totp" : "password+recovery_code");
  return { user: row.user, org: row.org };
}

/**
 * Counts a guess before it is checked, atomically, and refuses once five are spent: parallel guesses
 * each read the same row, so counting after the check would let a burst run past the limit.
 */
async function takeAttempt(db: Db, challengeId: string): Promise<number | null> {
  const row = await db
    .update(loginChallenges)
    .set({ failedAttempts: sql`${loginChallenges.failedAttempts} + 1` })
    .where(and(eq(loginChallenges.id, challengeId), lt(loginChallenges.failedAttempts, CHALLENGE_MAX_FAILURES)))
    .returning({ attempts: loginChallenges.failedAttempts })
    .get();
  return row?.attempts ?? null;
}

/** Accepts a code once: its time step must be newer than the last accepted one (updated atomically). */
export async function acceptTotp(c: Context<AppEnv>, db: Db, user: User, code: string): Promise<boolean> {
  if (!user.totpSecretSealed) return false;
  const secret = await open(sealingKeysFromEnv(c.env.ENCRYPTION_KEY), user.totpSecretSealed, user.id);
  const step = totpStep(secret, code);
  if (step === null) return false;
  const res = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .run();
  return res.meta.changes > 0;
}

async function acceptRecoveryCode(db: Db, user: User, code: string): Promise<boolean> {
  const res = await db
    .update(recoveryCodes)
    .set({ usedAt: Date.now() })
    .where(and(eq(recoveryCodes.userId, user.id), eq(recoveryCodes.codeHash, await sha256Hex(code)), isNull(recoveryCodes.usedAt)))
    .run();
  return res.meta.changes > 0;
}
