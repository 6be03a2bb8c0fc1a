/**
 * `npm run stripe:prices`: creates (or updates) Parley's products and prices in the Stripe account of
 * STRIPE_SECRET_KEY, from worker/billing/plans.ts. Use a test key first (`sk_test_…`). STRIPE_API_BASE
 * points it elsewhere (the local Stripe peer, for instance); it defaults to api.stripe.com.
 */
import Stripe from "stripe";
import { syncStripePrices } from "./lib/stripe-prices";

const key = process.env.STRIPE_SECRET_KEY;
if (!key) {
  console.error("Set STRIPE_SECRET_KEY (a test key, sk_test_…, from https://dashboard.stripe.com/test/apikeys).");
  process.exit(1);
}
const base = new URL(process.env.STRIPE_API_BASE ?? "https://api.stripe.com");
const protocol = base.protocol === "http:" ? "http" : "https";
const stripe = new Stripe(key, { host: base.hostname, port: base.port || (protocol === "http" ? 80 : 443), protocol });

const changes = await syncStripePrices(stripe);
for (const c of changes) console.log(`${c.action.padEnd(9)} ${c.lookupKey}  ${(c.unitAmount / 100).toFixed(2)}`);
const made = changes.filter((c) => c.action !== "unchanged").length;
console.log(made ? `${made} price(s) written; Checkout now finds every plan.` : "Every price was already in place.");
