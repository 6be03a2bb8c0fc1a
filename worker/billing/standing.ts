/**
 * Where an organization stands, from its billing row and the clock: pure, so the UI's banner, the
 * send check and the tests agree. Trial → (unpaid) grace → restricted; paid → active; a failed payment
 * → grace → restricted; paying again → active. Restricted pauses sending only: inbound always arrives.
 */
import type { BillingAccount } from "../../db/tables/billing";
import { GRACE_DAYS, plans, TRIAL_DAYS, TRIAL_PLAN, type Plan } from "./plans";

const DAY_MS = 24 * 3600_000;

export type Standing = "trialing" | "active" | "grace" | "restricted";

export interface BillingView {
  plan: Plan;
  standing: Standing;
  /** When the trial ends (trialing), or ended (grace and restricted after a trial). */
  trialEndsAt: number | null;
  /** When sending pauses, while in grace. */
  graceEndsAt: number | null;
  account: BillingAccount;
}

/** The row an organization has before billing ever changed: a trial from its creation. */
export function firstTrial(orgId: string, orgCreatedAt: number): BillingAccount {
  return {
    orgId,
    plan: TRIAL_PLAN,
    status: "trialing",
    interval: null,
    currency: null,
    trialEndsAt: orgCreatedAt + TRIAL_DAYS * DAY_MS,
    pastDueSince: null,
    stripeCustomerId: null,
    stripeSubscriptionId: null,
    currentPeriodEnd: null,
    cancelAtPeriodEnd: false,
    stripeEventAt: 0,
    updatedAt: orgCreatedAt,
  };
}

export function standingOf(account: BillingAccount, now = Date.now()): BillingView {
  const plan = plans[account.plan] ?? plans.free;
  const base = { plan, account, trialEndsAt: account.trialEndsAt, graceEndsAt: null };
  // A trial that ended unpaid is a payment that did not come: the same grace as a failed one.
  const overdueSince =
    account.status === "past_due"
      ? (account.pastDueSince ?? now)
      : account.status === "trialing" && account.trialEndsAt !== null && account.trialEndsAt <= now
        ? account.trialEndsAt
        : null;
  if (overdueSince === null) return { ...base, standing: account.status === "trialing" ? "trialing" : "active" };
  const graceEndsAt = overdueSince + GRACE_DAYS * DAY_MS;
  return { ...base, standing: now < graceEndsAt ? "grace" : "restricted", graceEndsAt };
}
