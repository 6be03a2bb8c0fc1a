/**
 * The `stripe` SDK on Workers: its fetch HTTP client (no Node http), pointed at STRIPE_API_BASE so the
 * tests and `npm start` talk to the local peer exactly as production talks to api.stripe.com.
 */
import Stripe from "stripe";

export type StripeEnv = Pick<Env, "STRIPE_API_BASE" | "STRIPE_SECRET_KEY">;

export function stripeClient(env: StripeEnv): Stripe {
  const base = new URL(env.STRIPE_API_BASE);
  const protocol = base.protocol === "http:" ? "http" : "https";
  return new Stripe(env.STRIPE_SECRET_KEY, {
    httpClient: Stripe.createFetchHttpClient(),
    host: base.hostname,
    port: base.port || (protocol === "http" ? 80 : 443),
    protocol,
    // Parley's own calls retry once on a network error or 5xx, with Stripe's idempotency keys.
    maxNetworkRetries: 1,
    appInfo: { name: "Parley" },
  });
}

export const webCrypto = Stripe.createSubtleCryptoProvider();
