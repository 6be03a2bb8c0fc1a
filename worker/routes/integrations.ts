/** Settings → Integrations, for owners and admins: API keys and outgoing webhooks. */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { apiKeyRoutes } from "./api-keys";
import { webhookRoutes } from "./webhook-endpoints";

export const integrationRoutes = new Hono<AppEnv>();
integrationRoutes.use("*", requireSession(), requireRole("owner", "admin"));
integrationRoutes.route("/", apiKeyRoutes);
integrationRoutes.route("/", webhookRoutes);
