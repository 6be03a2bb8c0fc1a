/** Admins see the mail Parley sent for their organization and how each delivery went. */
import { desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb } from "../../db/client";
import { emailDeliveries } from "../../db/tables/email";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";

export const emailDeliveryRoutes = new Hono<AppEnv>();
emailDeliveryRoutes.use("*", requireSession(), requireRole("owner", "admin"));

emailDeliveryRoutes.get("/deliveries", async (c) => {
  const rows = await openDb(c.env.DB)
    .select({
      id: emailDeliveries.id,
      to: emailDeliveries.to,
      template: emailDeliveries.template,
      subject: emailDeliveries.subject,
      status: emailDeliveries.status,
      attempts: emailDeliveries.attempts,
      error: emailDeliveries.error,
      createdAt: emailDeliveries.createdAt,
      updatedAt: emailDeliveries.updatedAt,
    })
    .from(emailDeliveries)
    .where(eq(emailDeliveries.orgId, c.get("auth").org.id))
    .orderBy(desc(emailDeliveries.createdAt))
    .limit(100)
    .all();
  return c.json({ deliveries: rows });
});
