/**
 * The webhook-only Worker (wrangler.hooks.toml): Meta's traffic and nothing else. The app Worker also
 * serves the inbox's static assets, so each of its requests first passes Cloudflare's asset router;
 * a webhook here does not (about a fifth of a one-message webhook's CPU locally: bench/README.md). The
 * Durable Objects, D1 and the queue are the app Worker's, bound by name.
 */
import { Hono } from "hono";
import { AppError, errorResponse } from "./errors";
import { webhooks, type WebhookBindings } from "./routes/webhooks";

const hooks = new Hono<{ Bindings: WebhookBindings }>();
hooks.route("/webhooks", webhooks);
hooks.notFound((c) => errorResponse(new AppError(404, "not_found", "This host only takes Meta's webhooks at /webhooks/whatsapp."), c));
hooks.onError(errorResponse);

export default { fetch: hooks.fetch } satisfies ExportedHandler<WebhookBindings>;
