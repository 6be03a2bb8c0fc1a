/** Stripe's webhook for Parley's own billing; 2xx only once the state is stored. */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { applyStripeEvent } from "../billing/stripe-events";
import { stripeClient } from "../billing/stripe-client";
import { MAX_EVENT_BYTES, verifiedStripeEvent } from "../billing/stripe-verify";
import { openDb } from "../../db/client";
import { limitBody } from "../middleware/body-limit";

export { STRIPE_TOLERANCE_SECONDS } from "../billing/stripe-verify";

export const stripeWebhook = new Hono<AppEnv>();

stripeWebhook.post("/", limitBody({ maxSize: MAX_EVENT_BYTES, message: "Stripe events are small; this one is too big." }), async (c) => {
  const stripe = stripeClient(c.env);
  const event = await verifiedStripeEvent(c, stripe, c.env.STRIPE_WEBHOOK_SECRET);
  const outcome = await applyStripeEvent(c, openDb(c.env.DB), stripe, event);
  return c.json({ received: true, outcome });
});
