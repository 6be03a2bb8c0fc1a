/**
 * Stripe's events, applied to billing state. Idempotent by event id (an applied id is acknowledged and
 * skipped) and safe out of order: the subscription is re-fetched from Stripe rather than read from the
 * event, and the write only lands if no newer event (by Stripe's `created`) has been applied already.
 * The event id is recorded in the same batch as the state, so a crash between them redoes both.
 */
import { and, eq, lte } from "drizzle-orm";
import type { Context } from "hono";
import type Stripe from "stripe";
import type { Db } from "../../db/client";
import { organizations, users } from "../../db/schema";
import { billingAccounts, stripeEvents, type BillingAccount } from "../../db/tables/billing";
import type { AppEnv } from "../app-env";
import { appOrigin } from "../app-origin";
import { auditEntry } from "../audit/audit-log";
import { sendEmail } from "../email/send-email";
import { billingAccountOf, publishBilling } from "./billing-account";
import { GRACE_DAYS, parseLookupKey } from "./plans";

const HANDLED = new Set([
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
]);

export type EventOutcome = "applied" | "duplicate" | "stale" | "ignored";

export async function applyStripeEvent(c: Context<AppEnv>, db: Db, stripe: Stripe, event: Stripe.Event): Promise<EventOutcome> {
  if (await db.select({ id: stripeEvents.id }).from(stripeEvents).where(eq(stripeEvents.id, event.id)).get()) return "duplicate";
  const target = HANDLED.has(event.type) ? subscriptionTarget(event) : null;
  const orgId = target ? await orgFor(db, target) : null;
  const record = (org: string | null) =>
    db
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type, orgId: org, created: event.created, processedAt: Date.now() })
      .onConflictDoNothing();
  if (!target || !orgId) {
    if (target) console.warn("stripe event for no known organization", { id: event.id, type: event.type });
    await record(null);
    return "ignored";
  }
  const before = await billingAccountOf(db, orgId);
  // The object as Stripe holds it now, whatever order the events arrive in.
  const sub = target.subscriptionId ? await stripe.subscriptions.retrieve(target.subscriptionId) : null;
  const after = sub ? fromSubscription(before, sub, target.customerId, event.created) : before;
  const { orgId: _, ...set } = after;
  const results = await db.batch([
    db
      .insert(billingAccounts)
      .values(after)
      .onConflictDoUpdate({ target: billingAccounts.orgId, set, setWhere: lte(billingAccounts.stripeEventAt, event.created) })
      .returning({ orgId: billingAccounts.orgId }),
    record(orgId),
  ]);
  if (results[0].length === 0) return "stale";
  await announce(c, db, event, before, after);
  return "applied";
}

interface Target {
  subscriptionId: string | null;
  customerId: string | null;
  orgIdHint: string | null;
}

const idOf = (v: unknown): string | null => (typeof v === "string" ? v : v && typeof v === "object" && "id" in v ? String(v.id) : null);

function subscriptionTarget(event: Stripe.Event): Target {
  const o = event.data.object as unknown as Record<string, unknown>;
  const meta = (o.metadata ?? {}) as Record<string, string>;
  if (event.type === "checkout.session.completed") {
    return {
      subscriptionId: idOf(o.subscription),
      customerId: idOf(o.customer),
      orgIdHint: (o.client_reference_id as string) ?? meta.orgId ?? null,
    };
  }
  if (event.type.startsWith("customer.subscription.")) {
    return { subscriptionId: idOf(o.id), customerId: idOf(o.customer), orgIdHint: meta.orgId ?? null };
  }
  // Invoices: the subscription moved under `parent` in 2025 API versions; older ones had it at the top.
  const parent = (o.parent as { subscription_details?: { subscription?: unknown; metadata?: Record<string, string> } } | null) ?? null;
  return {
    subscriptionId: idOf(parent?.subscription_details?.subscription ?? o.subscription),
    customerId: idOf(o.customer),
    orgIdHint: parent?.subscription_details?.metadata?.orgId ?? null,
  };
}

/** The customer id decides: Parley stores it before it sends anyone to Checkout, so metadata is never trusted for this. */
async function orgFor(db: Db, target: Target): Promise<string | null> {
  if (target.customerId) {
    const row = await db
      .select({ orgId: billingAccounts.orgId })
      .from(billingAccounts)
      .where(eq(billingAccounts.stripeCustomerId, target.customerId))
      .get();
    if (row) return row.orgId;
  }
  return null;
}

function fromSubscription(before: BillingAccount, sub: Stripe.Subscription, customerId: string | null, created: number): BillingAccount {
  const item = sub.items.data[0];
  const price = parseLookupKey(item?.price.lookup_key);
  const base = {
    ...before,
    stripeCustomerId: before.stripeCustomerId ?? customerId,
    stripeEventAt: Math.max(before.stripeEventAt, created),
    updatedAt: Date.now(),
  };
  switch (sub.status) {
    case "active":
    case "trialing":
      return {
        ...base,
        ...(price && { plan: price.plan, interval: price.interval, currency: price.currency }),
        status: "active",
        trialEndsAt: null,
        pastDueSince: null,
        stripeSubscriptionId: sub.id,
        currentPeriodEnd: item ? item.current_period_end * 1000 : null,
        cancelAtPeriodEnd: sub.cancel_at_period_end,
      };
    case "past_due":
    case "unpaid":
      return {
        ...base,
        ...(price && { plan: price.plan, interval: price.interval, currency: price.currency }),
        status: "past_due",
        // The first failure starts the grace period; later retries do not extend it.
        pastDueSince: before.status === "past_due" && before.pastDueSince ? before.pastDueSince : created * 1000,
        stripeSubscriptionId: sub.id,
        currentPeriodEnd: item ? item.current_period_end * 1000 : null,
        cancelAtPeriodEnd: sub.cancel_at_period_end,
      };
    case "canceled":
    case "incomplete_expired":
      // Only the subscription Parley knows ends the plan: a stray old subscription's end changes nothing.
      if (before.stripeSubscriptionId && before.stripeSubscriptionId !== sub.id) return base;
      return {
        ...base,
        plan: "free",
        status: "active",
        interval: null,
        pastDueSince: null,
        stripeSubscriptionId: null,
        currentPeriodEnd: null,
        cancelAtPeriodEnd: false,
      };
    default:
      // incomplete, paused: Checkout not finished or collection paused; nothing to change yet.
      return base;
  }
}

/** The audit entry for a change, and mail to the owners when a payment failed. Never fails the webhook. */
async function announce(c: Context<AppEnv>, db: Db, event: Stripe.Event, before: BillingAccount, after: BillingAccount) {
  if (before.plan !== after.plan || before.status !== after.status) {
    await auditEntry(c, db, {
      orgId: after.orgId,
      action: "billing.plan_changed",
      actor: null,
      detail: { from: `${before.plan}/${before.status}`, to: `${after.plan}/${after.status}`, event: event.type, eventId: event.id },
    });
  }
  // Any stored change (a renewal date, cancel at period end) reaches an open billing screen at once.
  await publishBilling(c.env, after);
  if (event.type !== "invoice.payment_failed") return;
  await auditEntry(c, db, { orgId: after.orgId, action: "billing.payment_failed", actor: null, detail: { eventId: event.id } });
  const owners = await db
    .select({ email: users.email, orgName: organizations.name })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(users.orgId, after.orgId), eq(users.role, "owner")))
    .all();
  const graceEndsAt = (after.pastDueSince ?? Date.now()) + GRACE_DAYS * 24 * 3600_000;
  for (const owner of owners) {
    await sendEmail(c.env, {
      to: owner.email,
      orgId: after.orgId,
      template: "payment_failed",
      data: { orgName: owner.orgName, graceEndsAt, link: `${appOrigin(c.env)}/billing` },
    });
  }
}
