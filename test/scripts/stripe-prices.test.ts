/**
 * `npm run stripe:prices` against the local Stripe peer started empty: it creates a product per paid
 * plan and every price Checkout looks up, changes nothing on a second run, and moves a lookup key to a
 * new price when an amount changed (the old price keeps existing for its subscribers).
 */
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncStripePrices } from "../../scripts/lib/stripe-prices";
import { billingIntervals, currencies, plans, priceLookupKey } from "../../worker/billing/plans";
import { LOCAL_STRIPE, startStripePeer, type StripePeer } from "../peers/stripe";

let peer: StripePeer;
let stripe: Stripe;

beforeAll(async () => {
  peer = await startStripePeer({ port: 0, ...LOCAL_STRIPE, seedPrices: false });
  const url = new URL(peer.url);
  stripe = new Stripe(LOCAL_STRIPE.secretKey, { host: url.hostname, port: url.port, protocol: "http", maxNetworkRetries: 0 });
});

afterAll(async () => {
  await peer?.close();
});

describe("stripe:prices", () => {
  it("creates every plan's prices with their lookup keys, then finds them all in place", async () => {
    const first = await syncStripePrices(stripe);
    expect(first).toHaveLength(2 * billingIntervals.length * currencies.length);
    expect(first.every((c) => c.action === "created")).toBe(true);
    expect([...peer.state.products.keys()].sort()).toEqual(["parley_business", "parley_growth"]);
    const key = priceLookupKey("growth", "year", "gbp");
    const { data } = await stripe.prices.list({ lookup_keys: [key] });
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ unit_amount: plans.growth.prices.year.gbp, currency: "gbp", recurring: { interval: "year" } });

    const again = await syncStripePrices(stripe);
    expect(again.every((c) => c.action === "unchanged")).toBe(true);
    expect(peer.state.prices.size).toBe(first.length);
  });

  it("moves the lookup key to a new price when an amount changed, keeping the old price", async () => {
    const key = priceLookupKey("business", "month", "eur");
    const old = [...peer.state.prices.values()].find((p) => p.lookup_key === key)!;
    old.unit_amount = 999;
    const changes = await syncStripePrices(stripe);
    expect(changes.filter((c) => c.action !== "unchanged")).toEqual([
      { lookupKey: key, action: "replaced", unitAmount: plans.business.prices.month.eur },
    ]);
    const { data } = await stripe.prices.list({ lookup_keys: [key] });
    expect(data.map((p) => p.unit_amount)).toEqual([plans.business.prices.month.eur]);
    expect(peer.state.prices.get(String(old.id))).toMatchObject({ lookup_key: null, unit_amount: 999 });
  });
});
