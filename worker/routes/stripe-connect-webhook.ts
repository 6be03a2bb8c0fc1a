/**
 * Stripe's Connect endpoint: events from organizations' own accounts (onboarding, payment links paid,
 * expired, refunded), signed with the Connect endpoint's secret; 2xx only once the state is stored.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { stripeClient } from "../billing/stripe-client";
import { MAX_EVENT_BYTES, verifiedStripeEvent } from "../billing/stripe-verify";
import { openDb } from "../../db/client";
import { limitBody } from "../middleware/body-limit";
import { applyConnectEvent } from "../payments/connect-events";

export const stripeConnectWebhook = new Hono<AppEnv>();

stripeConnectWebhook.post(
  "/",
  limitBody({ maxSize: MAX_EVENT_BYTES, message: "Stripe events are small; this one is too big." }),
  async (c) => {
    const event = await verifiedStripeEvent(c, stripeClient(c.env), c.env.STRIPE_CONNECT_WEBHOOK_SECRET);
    const outcome = await applyConnectEvent(c.env, openDb(c.env.DB), event);
    return c.json({ received: true, outcome });
  },
);
