/**
 * Plan limits, checked on the server at the moment of use. A refusal is 402 `plan_limit` with which
 * limit, the usage, the maximum and the plan that would allow it, so the UI can show the upgrade.
 *
 *   await enforceLimit(db, orgId, "seats");                                   // counted here
 *   await enforceLimit(db, orgId, "contacts", { adding: rows.length });       // an import
 *   await enforceLimit(db, orgId, "broadcastRecipientsPerMonth", { used, adding: recipients });
 *   await enforceLimit(db, orgId, "aiBudgetCentsPerMonth", { used: spentCents, adding: estimateCents });
 *
 * `used` is required for limits this module does not count itself (monthly broadcast recipients,
 * automation rules, AI spend): the domain that owns those figures passes them in.
 */
import { and, count, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts, invites, users, whatsappNumbers } from "../../db/schema";
import { AppError } from "../errors";
import { billingOf } from "./billing-account";
import { limitLabels, upgradeFor, type LimitName } from "./plans";
import type { BillingView } from "./standing";

const COUNTED = ["seats", "numbers", "contacts"] as const;
type CountedLimit = (typeof COUNTED)[number];

export interface LimitCheck {
  /** How many more this action adds; default 1. */
  adding?: number;
  /** Current usage, for limits this module does not count. */
  used?: number;
}

/** Refuses with 402 `plan_limit` if `used + adding` would pass the plan's limit; returns the usage otherwise. */
export async function enforceLimit(db: Db, orgId: string, limit: LimitName, check: LimitCheck = {}): Promise<number> {
  const adding = check.adding ?? 1;
  const [billing, used] = await Promise.all([billingOf(db, orgId), check.used ?? usageOf(db, orgId, limit)]);
  const max = billing.plan.limits[limit];
  if (max === null || used + adding <= max) return used;
  throw planLimitError(billing, limit, used, adding, max);
}

export function planLimitError(billing: BillingView, limit: LimitName, used: number, adding: number, max: number): AppError {
  const upgrade = upgradeFor(billing.plan.id, limit, used + adding);
  const label = limitLabels[limit].toLowerCase();
  const message = upgrade
    ? `Your ${billing.plan.name} plan includes ${max} ${label} and you use ${used}. Upgrade to ${upgrade.name} for ${upgrade.limits[limit] ?? "unlimited"}.`
    : `Your ${billing.plan.name} plan includes ${max} ${label} and you use ${used}; that is the most any plan allows. Contact us for more.`;
  return new AppError(402, "plan_limit", message, {
    limit,
    used,
    adding,
    max,
    plan: billing.plan.id,
    upgrade: upgrade ? { plan: upgrade.id, name: upgrade.name, max: upgrade.limits[limit], url: "/billing" } : null,
  });
}

/** Refuses outbound sends (402 `billing_restricted`) once an organization is restricted. Inbound is never checked. */
export async function enforceCanSend(db: Db, orgId: string): Promise<void> {
  const billing = await billingOf(db, orgId);
  if (billing.standing !== "restricted") return;
  throw new AppError(
    402,
    "billing_restricted",
    "Sending is paused until the subscription is paid. Incoming messages keep arriving; an owner can settle it on the Billing page.",
    { standing: billing.standing, url: "/billing" },
  );
}

export function isCounted(limit: LimitName): limit is CountedLimit {
  return (COUNTED as readonly string[]).includes(limit);
}

/** Usage of the limits counted here; the others come from their domains. */
export async function usageOf(db: Db, orgId: string, limit: LimitName): Promise<number> {
  if (!isCounted(limit)) {
    throw new Error(`enforceLimit("${limit}") needs { used }: its usage belongs to another domain`);
  }
  switch (limit) {
    case "seats": {
      const [members, pending] = await Promise.all([
        db.select({ n: count() }).from(users).where(eq(users.orgId, orgId)).get(),
        db
          .select({ n: count() })
          .from(invites)
          .where(and(eq(invites.orgId, orgId), isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, Date.now())))
          .get(),
      ]);
      return (members?.n ?? 0) + (pending?.n ?? 0);
    }
    case "numbers":
      return (await db.select({ n: count() }).from(whatsappNumbers).where(eq(whatsappNumbers.orgId, orgId)).get())?.n ?? 0;
    case "contacts":
      return (await db.select({ n: count() }).from(contacts).where(eq(contacts.orgId, orgId)).get())?.n ?? 0;
  }
}
