/** The audit log, newest first, for admins: filter by action and actor, page with `before`. */
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb, type Db } from "../../db/client";
import { auditLog, type AuditEntry } from "../../db/schema";
import { AppError } from "../errors";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { auditQuery } from "../schemas/accounts";

export const audit = new Hono<AppEnv>();
audit.use("*", requireSession(), requireRole("owner", "admin"));

audit.get("/", async (c) => {
  const q = auditQuery.safeParse(c.req.query());
  if (!q.success) throw new AppError(400, "invalid_query", q.error.issues[0]?.message ?? "Invalid filters.");
  const limit = q.data.limit ?? 50;
  const filters = and(
    eq(auditLog.orgId, c.get("auth").org.id),
    q.data.action ? eq(auditLog.action, q.data.action) : undefined,
    q.data.actorId ? eq(auditLog.actorId, q.data.actorId) : undefined,
  )!;
  const db = openDb(c.env.DB);
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(filters, q.data.before ? lt(auditLog.createdAt, q.data.before) : undefined))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit + 1)
    .all();
  const more = rows.length > limit;
  const page = more ? await wholeLastMillisecond(db, filters, rows.slice(0, limit), rows[limit]!) : rows;
  return c.json({ entries: page, nextBefore: more ? page[page.length - 1]!.createdAt : null });
});

/**
 * `before` is a time, so a page must not end inside a millisecond: the next page (`< before`) would skip
 * the entries that share the last one's time. Several requests of one org can land in the same ms.
 */
async function wholeLastMillisecond(db: Db, filters: SQL, page: AuditEntry[], next: AuditEntry): Promise<AuditEntry[]> {
  const at = page[page.length - 1]!.createdAt;
  if (next.createdAt !== at) return page;
  const tied = await db
    .select()
    .from(auditLog)
    .where(and(filters, eq(auditLog.createdAt, at)))
    .orderBy(desc(auditLog.id))
    .all();
  return [...page.filter((e) => e.createdAt !== at), ...tied];
}
