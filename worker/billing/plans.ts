/**
 * Parley's plans: the one definition behind the pricing data, the billing screen, Stripe's prices and
 * every limit check. Plain data (web/ imports it too). Prices are in minor units (cents) per currency;
 * a limit of `null` means unlimited.
 */
export const planIds = ["free", "growth", "business"] as const;
export type PlanId = (typeof planIds)[number];

export const billingIntervals = ["month", "year"] as const;
export type BillingInterval = (typeof billingIntervals)[number];

export const currencies = ["eur", "usd", "gbp"] as const;
export type Currency = (typeof currencies)[number];

export interface PlanLimits {
  /** Members plus open invites. */
  seats: number | null;
  /** Connected WhatsApp numbers. */
  numbers: number | null;
  contacts: number | null;
  /** Broadcast recipients per calendar month (UTC). */
  broadcastRecipientsPerMonth: number | null;
  automationRules: number | null;
  /** AI spend per calendar month, in US cents of model cost. */
  aiBudgetCentsPerMonth: number | null;
  /** How long conversations and messages are kept. */
  retentionDays: number;
}

export type LimitName = Exclude<keyof PlanLimits, "retentionDays">;

export interface Plan {
  id: PlanId;
  name: string;
  tagline: string;
  /** Per interval, per currency, in minor units; the free plan costs nothing. */
  prices: Record<BillingInterval, Record<Currency, number>>;
  limits: PlanLimits;
}

const free = { eur: 0, usd: 0, gbp: 0 };

export const plans: Record<PlanId, Plan> = {
  free: {
    id: "free",
    name: "Free",
    tagline: "For trying Parley with a partner.",
    prices: { month: free, year: free },
    limits: {
      seats: 2,
      numbers: 1,
      contacts: 500,
      broadcastRecipientsPerMonth: 250,
      automationRules: 3,
      aiBudgetCentsPerMonth: 0,
      retentionDays: 90,
    },
  },
  growth: {
    id: "growth",
    name: "Growth",
    tagline: "For a team answering customers every day.",
    prices: { month: { eur: 4900, usd: 5500, gbp: 4300 }, year: { eur: 49000, usd: 55000, gbp: 43000 } },
    limits: {
      seats: 10,
      numbers: 3,
      contacts: 10_000,
      broadcastRecipientsPerMonth: 10_000,
      automationRules: 25,
      aiBudgetCentsPerMonth: 2_000,
      retentionDays: 365,
    },
  },
  business: {
    id: "business",
    name: "Business",
    tagline: "For several teams, numbers and markets.",
    prices: { month: { eur: 14900, usd: 16900, gbp: 12900 }, year: { eur: 149000, usd: 169000, gbp: 129000 } },
    limits: {
      seats: 50,
      numbers: 10,
      contacts: 100_000,
      broadcastRecipientsPerMonth: 100_000,
      automationRules: 200,
      aiBudgetCentsPerMonth: 10_000,
      retentionDays: 730,
    },
  },
};

/** New organizations try the Growth plan for this long, no card needed. */
export const TRIAL_DAYS = 14;
export const TRIAL_PLAN: PlanId = "growth";
/** After a trial ends unpaid or a payment fails, everything keeps working this long before sending pauses. */
export const GRACE_DAYS = 7;

export const limitLabels: Record<LimitName, string> = {
  seats: "Seats",
  numbers: "WhatsApp numbers",
  contacts: "Contacts",
  broadcastRecipientsPerMonth: "Broadcast recipients this month",
  automationRules: "Automation rules",
  aiBudgetCentsPerMonth: "AI budget this month",
};

/** The cheapest plan above `from` whose limit fits `needed`, or null if none does. */
export function upgradeFor(from: PlanId, limit: LimitName, needed: number): Plan | null {
  const order = planIds.slice(planIds.indexOf(from) + 1);
  for (const id of order) {
    const max = plans[id].limits[limit];
    if (max === null || max >= needed) return plans[id];
  }
  return null;
}

/** Stripe price lookup keys: `parley_growth_month_eur`. One per plan, interval and currency. */
export const priceLookupKey = (plan: PlanId, interval: BillingInterval, currency: Currency) => `parley_${plan}_${interval}_${currency}`;

export function parseLookupKey(key: string | null | undefined): { plan: PlanId; interval: BillingInterval; currency: Currency } | null {
  const m = /^parley_(\w+?)_(month|year)_(\w+)$/.exec(key ?? "");
  if (!m) return null;
  const [, plan, interval, currency] = m as unknown as [string, PlanId, BillingInterval, Currency];
  if (!planIds.includes(plan) || plan === "free" || !currencies.includes(currency)) return null;
  return { plan, interval, currency };
}
