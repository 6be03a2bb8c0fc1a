/** Meta's webhook: the verification handshake and event delivery. */
import { Hono } from "hono";
import { openDb } from "../../db/client";
import { AppError } from "../errors";
import { ingestWebhook } from "../ingest/ingest-webhook";
import { limitBody } from "../middleware/body-limit";
import { verifyMetaSignature, type RawBodyVariables } from "../middleware/verify-meta-signature";
import type { WEBHOOK_RESOURCES, WEBHOOK_SECRETS } from "../webhook-bindings";
import { parseWebhook } from "../whatsapp/parse-webhook";

/** Meta documents 3 MB as its largest webhook; a little headroom, then 413. */
export const MAX_WEBHOOK_BYTES = 4 * 1024 * 1024;

/**
 * All the webhook path may touch. The webhook-only Worker (wrangler.hooks.toml) binds exactly these, so
 * the compiler keeps this route from reaching for a binding that Worker does not have.
 */
export type WebhookBindings = Pick<Env, (typeof WEBHOOK_RESOURCES)[number] | (typeof WEBHOOK_SECRETS)[number]>;

export const webhooks = new Hono<{ Bindings: WebhookBindings; Variables: RawBodyVariables }>();

webhooks.get("/whatsapp", (c) => {
  const mode = c.req.query("hub.mode");
  const token = c.req.query("hub.verify_token");
  const challenge = c.req.query("hub.challenge");
  if (mode !== "subscribe" || !token || token !== c.env.META_VERIFY_TOKEN || challenge === undefined) {
    throw new AppError(403, "verification_failed", "hub.mode must be subscribe and hub.verify_token must match META_VERIFY_TOKEN.");
  }
  // Echoed verbatim: Meta compares strings, and a challenge is not always a safe integer.
  return c.text(challenge, 200);
});

webhooks.post(
  "/whatsapp",
  limitBody({ maxSize: MAX_WEBHOOK_BYTES, message: `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES} bytes.` }),
  verifyMetaSignature<WebhookBindings>({ secret: (env) => env.META_APP_SECRET }),
  async (c) => {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(c.get("rawBody")));
    } catch {
      throw new AppError(400, "invalid_json", "Webhook body is not valid JSON.");
    }
    const parsed = parseWebhook(json);
    if (parsed.ignored.length) console.info("webhook parts acknowledged without effect", parsed.ignored);
    const summary = await ingestWebhook(
      {
        // Routing reads who owns each number: from the primary, so a transfer that returned is seen at once.
        db: openDb(c.env.DB, "first-primary"),
        d1: c.env.DB,
        rooms: c.env.CONVERSATION_ROOM,
        inboxes: c.env.ORG_INBOX,
        jobs: c.env.JOBS,
      },
      parsed,
    );
    return c.json({ received: true, ...summary });
  },
);
