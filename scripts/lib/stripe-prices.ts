/**
 * Makes a Stripe account sell Parley's plans as worker/billing/plans.ts defines them: one product per
 * paid plan (fixed ids `parley_<plan>`) and one recurring price per plan, interval and currency, found by
 * its lookup key (`parley_growth_month_eur`), which is how Checkout picks it. Run again after changing
 * an amount: the new price takes the lookup key over (`transfer_lookup_key`); subscribers on the old
 * price keep it until they change plan, as Stripe intends. Nothing is ever deleted.
 */
import type Stripe from "stripe";
import { billingIntervals, currencies, planIds, plans, priceLookupKey } from "../../worker/billing/plans";

export interface PriceChange {
  lookupKey: string;
  action: "created" | "replaced" | "unchanged";
  unitAmount: number;
}

export async function syncStripePrices(stripe: Stripe): Promise<PriceChange[]> {
  const wanted = planIds
    .filter((id) => id !== "free")
    .flatMap((plan) =>
      billingIntervals.flatMap((interval) =>
        currencies.map((currency) => ({
          plan,
          interval,
          currency,
          lookupKey: priceLookupKey(plan, interval, currency),
          unitAmount: plans[plan].prices[interval][currency],
        })),
      ),
    );
  // Stripe answers at most 10 lookup keys per list call.
  const existing = new Map<string, Stripe.Price>();
  for (let i = 0; i < wanted.length; i += 10) {
    const keys = wanted.slice(i, i + 10).map((w) => w.lookupKey);
    const page = await stripe.prices.list({ lookup_keys: keys, active: true, limit: 10 });
    for (const price of page.data) if (price.lookup_key) existing.set(price.lookup_key, price);
  }
  const changes: PriceChange[] = [];
  for (const w of wanted) {
    const current = existing.get(w.lookupKey);
    if (current && current.unit_amount === w.unitAmount && current.recurring?.interval === w.interval) {
      changes.push({ lookupKey: w.lookupKey, action: "unchanged", unitAmount: w.unitAmount });
      continue;
    }
    const product = await ensureProduct(stripe, w.plan);
    await stripe.prices.create({
      product,
      currency: w.currency,
      unit_amount: w.unitAmount,
      recurring: { interval: w.interval },
      lookup_key: w.lookupKey,
      nickname: `Parley ${plans[w.plan].name} (${w.interval}ly, ${w.currency.toUpperCase()})`,
      ...(current && { transfer_lookup_key: true }),
    });
    changes.push({ lookupKey: w.lookupKey, action: current ? "replaced" : "created", unitAmount: w.unitAmount });
  }
  return changes;
}

async function ensureProduct(stripe: Stripe, plan: (typeof planIds)[number]): Promise<string> {
  const id = `parley_${plan}`;
  try {
    return (await stripe.products.retrieve(id)).id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
  return (await stripe.products.create({ id, name: `Parley ${plans[plan].name}`, description: plans[plan].tagline })).id;
}
