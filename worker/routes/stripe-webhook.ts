/**
 * Stripe's webhook: the signature (`Stripe-Signature: t=…,v1=…`) is verified on the raw bytes with
 * SubtleCrypto and a 5-minute tolerance before anything parses them; 2xx only once the state is stored.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { applyStripeEvent } from "../billing/stripe-events";
import { stripeClient, webCrypto } from "../billing/stripe-client";
import { openDb } from "../../db/client";
import { AppError } from "../errors";
import { limitBody } from "../middleware/body-limit";

/** Stripe's default tolerance: an event signed longer ago than this is a replay, not a retry. */
export const STRIPE_TOLERANCE_SECONDS = 300;
const MAX_EVENT_BYTES = 512 * 1024;

export const stripeWebhook = new Hono<AppEnv>();

stripeWebhook.post("/", limitBody({ maxSize: MAX_EVENT_BYTES, message: "Stripe events are small; this one is too big." }), async (c) => {
  const signature = c.req.header("stripe-signature");
  if (!signature) throw new AppError(400, "signature_missing", "Stripe-Signature header is required.");
  const raw = await c.req.text();
  const stripe = stripeClient(c.env);
  let event: Awaited<ReturnType<typeof stripe.webhooks.constructEventAsync>>;
  try {
    event = await stripe.webhooks.constructEventAsync(raw, signature, c.env.STRIPE_WEBHOOK_SECRET, STRIPE_TOLERANCE_SECONDS, webCrypto);
  } catch (err) {
    const stale = err instanceof Error && /tolerance/i.test(err.message);
    throw new AppError(
      400,
      stale ? "signature_expired" : "signature_invalid",
      stale ? "The Stripe-Signature timestamp is outside the tolerance window." : "Stripe-Signature does not match the body.",
    );
  }
  const outcome = await applyStripeEvent(c, openDb(c.env.DB), stripe, event);
  return c.json({ received: true, outcome });
});
