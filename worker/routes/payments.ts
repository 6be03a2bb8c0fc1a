/** The organization's own Stripe account for taking payment from its customers (owners connect it). */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb } from "../../db/client";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { connectionOf, connectionView, disconnect, onboardingLink, refreshConnection } from "../payments/connect";

export const paymentRoutes = new Hono<AppEnv>();
paymentRoutes.use("*", requireSession());

/** Every member may see whether links can be sent (the order dialog asks). */
paymentRoutes.get("/connection", async (c) =>
  c.json({ connection: connectionView(await connectionOf(openDb(c.env.DB), c.get("auth").org.id)) }),
);

paymentRoutes.post("/connection/onboarding", requireRole("owner"), async (c) => c.json({ url: await onboardingLink(c, openDb(c.env.DB)) }));

paymentRoutes.post("/connection/refresh", requireRole("owner"), async (c) =>
  c.json({ connection: await refreshConnection(c, openDb(c.env.DB), c.get("auth").org.id) }),
);

paymentRoutes.delete("/connection", requireRole("owner"), async (c) => {
  await disconnect(c, openDb(c.env.DB), c.get("auth").org.id);
  return c.json({ deleted: true });
});
