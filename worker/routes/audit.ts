/** The audit log, newest first, for admins: filter by action and actor, page with `before`. */
import { and, desc, eq, lt } from "drizzle-orm";
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb } from "../db/client";
import { auditLog } from "../db/schema";
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
  const rows = await openDb(c.env.DB)
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.orgId, c.get("auth").org.id),
        q.data.action ? eq(auditLog.action, q.data.action) : undefined,
        q.data.actorId ? eq(auditLog.actorId, q.data.actorId) : undefined,
        q.data.before ? lt(auditLog.createdAt, q.data.before) : undefined,
      ),
    )
    .orderBy(desc(auditLog.createdAt))
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit);
  return c.json({ entries: page, nextBefore: rows.length > limit ? page[page.length - 1]!.createdAt : null });
});
