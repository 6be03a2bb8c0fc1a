/**
 * The daily cron: audit entries, API request logs and webhook deliveries older than 12 months, and
 * expired sessions, challenges and invites.
 */
import { lt, or, isNotNull, and } from "drizzle-orm";
import { openDb } from "../../db/client";
import { auditLog, invites, loginChallenges, sessions } from "../../db/schema";
import { apiRequests, webhookDeliveries } from "../../db/tables/integrations";

export const AUDIT_RETENTION_MS = 365 * 24 * 3600_000;
const DAY = 24 * 3600_000;

export async function purgeExpired(env: Env, now = Date.now()): Promise<void> {
  const db = openDb(env.DB);
  await db.batch([
    db.delete(auditLog).where(lt(auditLog.createdAt, now - AUDIT_RETENTION_MS)),
    db.delete(apiRequests).where(lt(apiRequests.createdAt, now - AUDIT_RETENTION_MS)),
    db.delete(webhookDeliveries).where(lt(webhookDeliveries.createdAt, now - AUDIT_RETENTION_MS)),
    db
      .delete(sessions)
      .where(or(lt(sessions.expiresAt, now - DAY), and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, now - 30 * DAY)))),
    db.delete(loginChallenges).where(lt(loginChallenges.expiresAt, now - DAY)),
    db.delete(invites).where(lt(invites.expiresAt, now - 30 * DAY)),
  ]);
}
