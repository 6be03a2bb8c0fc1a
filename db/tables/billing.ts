/**
 * Billing state per organization, and the Stripe events already applied. No row means the organization
 * is in its first trial (from its creation); a row appears the first time billing changes.
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { BillingInterval, Currency, PlanId } from "../../worker/billing/plans";
import { organizations } from "../schema";

/**
 * trialing: Parley's own trial until `trialEndsAt`; active: paid, or the free plan; past_due: a payment
 * failed (or the trial ended unpaid) at `pastDueSince`. Grace and restriction follow from those times.
 */
export const billingStatuses = ["trialing", "active", "past_due"] as const;
export type BillingStatus = (typeof billingStatuses)[number];

export const billingAccounts = sqliteTable("billing_accounts", {
  orgId: text("org_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  plan: text("plan").$type<PlanId>().notNull(),
  status: text("status", { enum: billingStatuses }).notNull(),
  interval: text("interval").$type<BillingInterval>(),
  currency: text("currency").$type<Currency>(),
  trialEndsAt: integer("trial_ends_at"),
  pastDueSince: integer("past_due_since"),
  stripeCustomerId: text("stripe_customer_id").unique(),
  stripeSubscriptionId: text("stripe_subscription_id"),
  currentPeriodEnd: integer("current_period_end"),
  cancelAtPeriodEnd: integer("cancel_at_period_end", { mode: "boolean" }).notNull().default(false),
  /** `created` (Unix seconds) of the newest Stripe event applied: an older one never overwrites newer state. */
  stripeEventAt: integer("stripe_event_at").notNull().default(0),
  updatedAt: integer("updated_at").notNull(),
});

/** Stripe event ids applied (for idempotency: a redelivered event is acknowledged and skipped). */
export const stripeEvents = sqliteTable(
  "stripe_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    orgId: text("org_id"),
    created: integer("created").notNull(),
    processedAt: integer("processed_at").notNull(),
  },
  (t) => [index("stripe_events_org").on(t.orgId, t.created)],
);

export type BillingAccount = typeof billingAccounts.$inferSelect;
