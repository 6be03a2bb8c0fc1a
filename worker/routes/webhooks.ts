/** Meta's webhook: the verification handshake and event delivery. */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { openDb } from "../db/client";
import { AppError } from "../errors";
import { ingestWebhook } from "../ingest/ingest-webhook";
import { verifyMetaSignature, type RawBodyVariables } from "../middleware/verify-meta-signature";
import { parseWebhook } from "../whatsapp/parse-webhook";

/** Meta documents 3 MB as its largest webhook; a little headroom, then 413. */
export const MAX_WEBHOOK_BYTES = 4 * 1024 * 1024;

export const webhooks = new Hono<{ Bindings: Env; Variables: RawBodyVariables }>();

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

const streamingLimit = bodyLimit({
  maxSize: MAX_WEBHOOK_BYTES,
  onError: () => {
    throw new AppError(413, "payload_too_large", `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES} bytes.`);
  },
});

/**
 * Meta sends Content-Length: checked from the header, the body is then read once by the runtime.
 * hono's bodyLimit touches `request.body` first, which turns it into a JavaScript stream for every
 * request; only a body without a length (chunked) goes through it.
 */
const limitBody = createMiddleware(async (c, next) => {
  const declared = c.req.header("content-length");
  if (declared === undefined || c.req.header("transfer-encoding") !== undefined) return streamingLimit(c, next);
  if (Number(declared) > MAX_WEBHOOK_BYTES) throw new AppError(413, "payload_too_large", `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES} bytes.`);
  await next();
});

webhooks.post(
  "/whatsapp",
  limitBody,
  verifyMetaSignature({ secret: (env) => env.META_APP_SECRET }),
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
        db: openDb(c.env.DB),
        rooms: c.env.CONVERSATION_ROOM,
        inboxes: c.env.ORG_INBOX,
        jobs: c.env.JOBS,
      },
      parsed,
    );
    return c.json({ received: true, ...summary });
  },
);
