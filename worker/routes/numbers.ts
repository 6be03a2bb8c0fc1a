/** WhatsApp numbers: members see them; admins connect and remove them. */
import { asc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { connectNumber, publicNumber, removeNumber } from "../accounts/numbers";
import type { AppEnv } from "../app-env";
import { appOrigin } from "../app-origin";
import { openDb } from "../../db/client";
import { whatsappNumbers } from "../../db/schema";
import { jsonBody } from "../middleware/json-body";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { connectNumberBody } from "../schemas/accounts";

/** The callback URL for Meta: the webhook-only Worker's when deployed beside the app, else the app's own. */
export function webhookUrl(env: { WEBHOOK_ORIGIN: string; APP_ORIGIN: string }): string {
  return `${env.WEBHOOK_ORIGIN.replace(/\/+$/, "") || appOrigin(env)}/webhooks/whatsapp`;
}

export const numbers = new Hono<AppEnv>();
numbers.use("*", requireSession());

numbers.get("/", async (c) => {
  const { org, user } = c.get("auth");
  const rows = await openDb(c.env.DB)
    .select()
    .from(whatsappNumbers)
    .where(eq(whatsappNumbers.orgId, org.id))
    .orderBy(asc(whatsappNumbers.createdAt))
    .all();
  const isAdmin = user.role !== "agent";
  return c.json({
    numbers: rows.map(publicNumber),
    // What an admin pastes into Meta's App Dashboard.
    ...(isAdmin && { webhook: { url: webhookUrl(c.env), verifyToken: c.env.META_VERIFY_TOKEN } }),
  });
});

numbers.post("/", requireRole("owner", "admin"), async (c) => {
  const body = await jsonBody(c, connectNumberBody);
  return c.json({ number: await connectNumber(c, openDb(c.env.DB), body) }, 201);
});

numbers.delete("/:id", requireRole("owner", "admin"), async (c) => {
  await removeNumber(c, openDb(c.env.DB), c.req.param("id"));
  return c.json({ removed: true });
});
