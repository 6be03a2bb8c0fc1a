/** Web Push: this member's devices and switches, and (admins) what notifications may show. */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { auditEntry } from "../audit/audit-log";
import { describeUserAgent } from "../auth/user-agent";
import { openDb } from "../../db/client";
import { pushSettings } from "../../db/tables/push";
import { AppError } from "../errors";
import { jsonBody } from "../middleware/json-body";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { vapidConfig } from "../push/vapid";
import { listDevices, readPreferences, readPreview, subscribe, unsubscribe, updatePreferences } from "../push/subscriptions";
import { preferencesBody, pushSettingsBody, subscribeBody } from "../schemas/push";

export const pushRoutes = new Hono<AppEnv>();
pushRoutes.use("*", requireSession());

pushRoutes.get("/", async (c) => {
  const db = openDb(c.env.DB);
  const { org, user } = c.get("auth");
  const [devices, preferences, preview] = await Promise.all([
    listDevices(db, org.id, user.id),
    readPreferences(db, user.id),
    readPreview(db, org.id),
  ]);
  return c.json({ publicKey: vapidConfig(c.env)?.publicKey ?? null, devices, preferences, preview });
});

pushRoutes.post("/subscriptions", async (c) => {
  if (!vapidConfig(c.env)) throw new AppError(503, "push_not_configured", "Push notifications are not set up on this server (VAPID keys).");
  const body = await jsonBody(c, subscribeBody);
  const { org, user } = c.get("auth");
  const { subscription, created } = await subscribe(
    openDb(c.env.DB),
    { orgId: org.id, userId: user.id },
    body,
    describeUserAgent(c.req.header("user-agent") ?? null),
    c.env.PUSH_ENDPOINT_ORIGINS ?? "",
  );
  return c.json({ device: subscription }, created ? 201 : 200);
});

pushRoutes.delete("/subscriptions/:id", async (c) => {
  const { org, user } = c.get("auth");
  await unsubscribe(openDb(c.env.DB), org.id, user.id, c.req.param("id"));
  return c.body(null, 204);
});

pushRoutes.put("/preferences", async (c) => {
  const body = await jsonBody(c, preferencesBody);
  const { org, user } = c.get("auth");
  return c.json({ preferences: await updatePreferences(openDb(c.env.DB), org.id, user.id, body, Date.now()) });
});

pushRoutes.put("/settings", requireRole("owner", "admin"), async (c) => {
  const { preview } = await jsonBody(c, pushSettingsBody);
  const { org } = c.get("auth");
  const db = openDb(c.env.DB);
  const now = Date.now();
  await db.batch([
    db
      .insert(pushSettings)
      .values({ orgId: org.id, preview, updatedAt: now })
      .onConflictDoUpdate({ target: pushSettings.orgId, set: { preview, updatedAt: now } }),
    auditEntry(c, db, { orgId: org.id, action: "push.privacy_changed", detail: { preview } }),
  ]);
  return c.json({ preview });
});
