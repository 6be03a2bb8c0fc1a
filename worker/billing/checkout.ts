/**
 * Owners changing the plan: Checkout for a first subscription, a subscription update (Stripe prorates)
 * for a change, the Customer Portal for cards, invoices and cancellation, and the Free plan without Stripe.
 * The webhook, not these calls, moves Parley's state once Stripe has the money.
 */
import type { Context } from "hono";
import type Stripe from "stripe";
import type { Db } from "../../db/client";
import type { AppEnv } from "../app-env";
import { appOrigin } from "../app-origin";
import { auditEntry } from "../audit/audit-log";
import { AppError } from "../errors";
import { billingAccountOf, publishBilling, saveBillingAccount } from "./billing-account";
import { plans, priceLookupKey, type BillingInterval, type Currency, type PlanId } from "./plans";
import { stripeClient } from "./stripe-client";

export interface PlanChoice {
  plan: Exclude<PlanId, "free">;
  interval: BillingInterval;
  currency: Currency;
}

const stripeDown = (err: unknown) => {
  console.error("stripe call failed", String(err));
  return new AppError(502, "stripe_unreachable", "Could not reach the payment provider. Try again in a minute.");
};

async function priceFor(stripe: Stripe, choice: PlanChoice): Promise<Stripe.Price> {
  const key = priceLookupKey(choice.plan, choice.interval, choice.currency);
  const { data } = await stripe.prices.list({ lookup_keys: [key], active: true, limit: 1 }).catch((err: unknown) => {
    throw stripeDown(err);
  });
  if (!data[0]) throw new AppError(502, "price_missing", `Stripe has no active price with lookup key ${key} (README: Billing).`);
  return data[0];
}

/** The org's Stripe customer, created (once, by idempotency key) the first time an owner pays. */
async function customerFor(c: Context<AppEnv>, db: Db, stripe: Stripe): Promise<string> {
  const { org, user } = c.get("auth");
  const account = await billingAccountOf(db, org.id);
  if (account.stripeCustomerId) return account.stripeCustomerId;
  const customer = await stripe.customers
    .create({ email: user.email, name: org.name, metadata: { orgId: org.id } }, { idempotencyKey: `parley-customer-${org.id}` })
    .catch((err: unknown) => {
      throw stripeDown(err);
    });
  await saveBillingAccount(db, { ...account, stripeCustomerId: customer.id, updatedAt: Date.now() });
  return customer.id;
}

export async function startCheckout(c: Context<AppEnv>, db: Db, choice: PlanChoice): Promise<{ url: string | null; changed: boolean }> {
  const { org } = c.get("auth");
  const stripe = stripeClient(c.env);
  const account = await billingAccountOf(db, org.id);
  const price = await priceFor(stripe, choice);
  if (account.stripeSubscriptionId && account.plan !== "free") {
    const sub = await stripe.subscriptions.retrieve(account.stripeSubscriptionId).catch((err: unknown) => {
      throw stripeDown(err);
    });
    const item = sub.items.data[0];
    if (!item) throw new AppError(409, "subscription_empty", "The subscription has no item to change; use the billing portal.");
    await stripe.subscriptions
      .update(sub.id, { items: [{ id: item.id, price: price.id }], proration_behavior: "create_prorations", metadata: { orgId: org.id } })
      .catch((err: unknown) => {
        throw stripeDown(err);
      });
    await auditEntry(c, db, { orgId: org.id, action: "billing.plan_change_requested", detail: { ...choice } });
    return { url: null, changed: true };
  }
  const customer = await customerFor(c, db, stripe);
  const origin = appOrigin(c.env);
  const session = await stripe.checkout.sessions
    .create({
      mode: "subscription",
      customer,
      client_reference_id: org.id,
      line_items: [{ price: price.id, quantity: 1 }],
      metadata: { orgId: org.id },
      subscription_data: { metadata: { orgId: org.id } },
      success_url: `${origin}/billing?checkout=done`,
      cancel_url: `${origin}/billing?checkout=cancelled`,
    })
    .catch((err: unknown) => {
      throw stripeDown(err);
    });
  await auditEntry(c, db, { orgId: org.id, action: "billing.checkout_started", detail: { ...choice } });
  return { url: session.url, changed: false };
}

export async function portalUrl(c: Context<AppEnv>, db: Db): Promise<string> {
  const { org } = c.get("auth");
  const account = await billingAccountOf(db, org.id);
  if (!account.stripeCustomerId)
    throw new AppError(409, "no_billing_customer", "Choose a paid plan first; the billing portal opens after that.");
  const session = await stripeClient(c.env)
    .billingPortal.sessions.create({ customer: account.stripeCustomerId, return_url: `${appOrigin(c.env)}/billing` })
    .catch((err: unknown) => {
      throw stripeDown(err);
    });
  return session.url;
}

export async function listInvoices(c: Context<AppEnv>, db: Db) {
  const account = await billingAccountOf(db, c.get("auth").org.id);
  if (!account.stripeCustomerId) return [];
  const { data } = await stripeClient(c.env)
    .invoices.list({ customer: account.stripeCustomerId, limit: 24 })
    .catch((err: unknown) => {
      throw stripeDown(err);
    });
  return data.map((i) => ({
    id: i.id,
    number: i.number,
    status: i.status,
    currency: i.currency,
    amountDue: i.amount_due,
    amountPaid: i.amount_paid,
    createdAt: i.created * 1000,
    url: i.hosted_invoice_url ?? null,
  }));
}

/** Staying on (or moving to) Free: no Stripe, nothing deleted; usage above Free's limits blocks only new additions. */
export async function chooseFree(c: Context<AppEnv>, db: Db): Promise<void> {
  const { org } = c.get("auth");
  const account = await billingAccountOf(db, org.id);
  if (account.stripeSubscriptionId && account.plan !== "free") {
    throw new AppError(
      409,
      "subscription_active",
      "Cancel the paid subscription in the billing portal first; you move to Free when it ends.",
    );
  }
  const free = { ...account, plan: "free" as const, status: "active" as const, pastDueSince: null, interval: null, updatedAt: Date.now() };
  await db.batch([
    saveBillingAccount(db, free),
    auditEntry(c, db, { orgId: org.id, action: "billing.plan_changed", detail: { from: account.plan, to: "free", by: "owner" } }),
  ]);
  await publishBilling(c.env, free);
}

export const paidPlans = Object.values(plans).filter((p) => p.id !== "free");
