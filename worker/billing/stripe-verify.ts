/**
 * A Stripe webhook's body, trusted: the signature (`Stripe-Signature: t=…,v1=…`) is verified on the raw
 * bytes with SubtleCrypto and a 5-minute tolerance before anything parses them. Parley's own billing and
 * the connected accounts' endpoint each have their own secret.
 */
import type { Context } from "hono";
import type Stripe from "stripe";
import type { AppEnv } from "../app-env";
import { AppError } from "../errors";
import { webCrypto } from "./stripe-client";

/** Stripe's default tolerance: an event signed longer ago than this is a replay, not a retry. */
export const STRIPE_TOLERANCE_SECONDS = 300;
export const MAX_EVENT_BYTES = 512 * 1024;

export async function verifiedStripeEvent(c: Context<AppEnv>, stripe: Stripe, secret: string): Promise<Stripe.Event> {
  const signature = c.req.header("stripe-signature");
  if (!signature) throw new AppError(400, "signature_missing", "Stripe-Signature header is required.");
  const raw = await c.req.text();
  try {
    return await stripe.webhooks.constructEventAsync(raw, signature, secret, STRIPE_TOLERANCE_SECONDS, webCrypto);
  } catch (err) {
    const stale = err instanceof Error && /tolerance/i.test(err.message);
    throw new AppError(
      400,
      stale ? "signature_expired" : "signature_invalid",
      stale ? "The Stripe-Signature timestamp is outside the tolerance window." : "Stripe-Signature does not match the body.",
    );
  }
}
