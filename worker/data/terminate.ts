/**
 * Terminating an organization. At once: every session ends and every socket closes, the WhatsApp
 * numbers are released (deleted, so webhooks for them are acknowledged and dropped as unknown, and
 * nothing can be sent from them), and the org is marked for purge in PURGE_GRACE_MS. Until then the
 * owner can sign in and cancel; after it the cron starts the purge job (worker/data/purge-job.ts).
 */
import { and, asc, eq, gt, isNotNull, isNull, lt } from "drizzle-orm";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { appOrigin } from "../app-origin";
import { sendEmail } from "../email/send-email";
import { closeMemberSockets } from "../accounts/close-sockets";
import { auditEntry } from "../audit/audit-log";
import { acceptTotp } from "../accounts/sign-in";
import { verifyPassword } from "../auth/passwords";
import type { Db } from "../../db/client";
import { organizations, sessions, users, whatsappNumbers } from "../../db/schema";
import { AppError } from "../errors";
import type { PurgeJob } from "./purge-job";

const DAY = 24 * 3600_000;
/** What the privacy page promises: all of an org's data is gone within 30 days of termination. */
export const PURGE_GRACE_MS = 30 * DAY;

export async function terminateOrg(
  c: Context<AppEnv>,
  db: Db,
  input: { password: string; code?: string | undefined; confirmName: string },
  now = Date.now(),
): Promise<{ purgeAfter: number }> {
  const { user, org } = c.get("auth");
  if (org.terminatedAt) throw new AppError(409, "org_terminated", "This organization is already being deleted.");
  if (input.confirmName !== org.name) throw new AppError(400, "confirm_name", "Type the organization's name exactly to confirm.");
  if (!(await verifyPassword(input.password, user.passwordHash, c.env.PASSWORD_PEPPER)))
    throw new AppError(403, "wrong_password", "That password is not right.");
  if (user.totpEnabledAt) {
    if (!input.code) throw new AppError(403, "code_required", "Enter the code from your authenticator app too.");
    if (!(await acceptTotp(c, db, user, input.code)))
      throw new AppError(403, "invalid_code", "That code is not valid (or was already used).");
  }
  const purgeAfter = now + PURGE_GRACE_MS;
  const members = await db.select({ id: users.id }).from(users).where(eq(users.orgId, org.id)).all();
  await db.batch([
    db.update(organizations).set({ terminatedAt: now, purgeAfter }).where(eq(organizations.id, org.id)),
    db
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.orgId, org.id), isNull(sessions.revokedAt))),
    db.delete(whatsappNumbers).where(eq(whatsappNumbers.orgId, org.id)),
    auditEntry(c, db, { orgId: org.id, action: "org.terminated", target: { type: "organization", id: org.id }, detail: { purgeAfter } }),
  ]);
  await Promise.all(members.map((m) => closeMemberSockets(c.env, org.id, m.id).catch(() => {})));
  await sendEmail(c.env, {
    to: user.email,
    orgId: org.id,
    template: "deletion_scheduled",
    data: { orgName: org.name, deleteAt: purgeAfter, link: `${appOrigin(c.env)}/signin` },
  });
  return { purgeAfter };
}

/** The owner changes their mind within the grace period. The numbers stay released: connect them again. */
export async function cancelTermination(c: Context<AppEnv>, db: Db): Promise<void> {
  const { org } = c.get("auth");
  if (!org.terminatedAt) throw new AppError(409, "not_terminated", "This organization is not being deleted.");
  const res = await db
    .update(organizations)
    .set({ terminatedAt: null, purgeAfter: null })
    .where(and(eq(organizations.id, org.id), gt(organizations.purgeAfter, Date.now())))
    .run();
  if (!res.meta.changes) throw new AppError(409, "purge_started", "Deletion has already started and cannot be stopped.");
  await auditEntry(c, db, { orgId: org.id, action: "org.termination_cancelled", target: { type: "organization", id: org.id } });
}

/** The cron: every terminated org past its grace gets a purge job (idempotent: the job checks again). */
export async function startDuePurges(env: Pick<Env, "JOBS">, db: Db, now = Date.now()): Promise<number> {
  const due = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(isNotNull(organizations.terminatedAt), lt(organizations.purgeAfter, now)))
    .orderBy(asc(organizations.id))
    .limit(1000)
    .all();
  if (due.length) await env.JOBS.sendBatch(due.map((o) => ({ body: { kind: "data.purge", orgId: o.id, now } satisfies PurgeJob })));
  return due.length;
}
