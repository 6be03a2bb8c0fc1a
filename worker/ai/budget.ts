/**
 * What AI costs an org, and the two hard stops, asked at the moment of use: before a request leaves, the
 * month's spend plus the most this request can cost must fit in the org's own budget (Settings → AI) and
 * in its plan's AI allowance (worker/billing/plans.ts), whichever is lower.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { aiUsage } from "../../db/tables/ai";
import { enforceLimit } from "../billing/enforce";
import { plans, type PlanId } from "../billing/plans";
import { AppError } from "../errors";

/** US dollars per million tokens (= micro-dollars per token), input and output, as providers list them. */
const PRICES: Record<string, [number, number]> = {
  "gpt-4o-mini": [0.15, 0.6],
  "gpt-4o": [2.5, 10],
  "gpt-4.1": [2, 8],
  "gpt-4.1-mini": [0.4, 1.6],
  "gpt-4.1-nano": [0.1, 0.4],
  "gpt-5-mini": [0.25, 2],
  "gpt-5-nano": [0.05, 0.4],
};

/** An unknown model (a self-hosted one, say) is priced by AI_PRICE_PER_MTOK ("in/out"), else as gpt-4o-mini. */
export function priceOf(model: string, override?: string): [number, number] {
  const known = PRICES[model];
  if (known) return known;
  const m = /^([\d.]+)\/([\d.]+)$/.exec(override ?? "");
  return m ? [Number(m[1]), Number(m[2])] : PRICES["gpt-4o-mini"]!;
}

export function costMicros(model: string, tokensIn: number, tokensOut: number, override?: string): number {
  const [pin, pout] = priceOf(model, override);
  return Math.ceil(tokensIn * pin + tokensOut * pout);
}

/** About four characters a token: enough to bound a request's cost before it is sent. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

export const monthOf = (at: number) => new Date(at).toISOString().slice(0, 7);

export async function monthSpendMicros(db: Db, orgId: string, month: string): Promise<number> {
  const row = await db
    .select({ total: sql<number>`coalesce(sum(${aiUsage.costMicros}), 0)` })
    .from(aiUsage)
    .where(and(eq(aiUsage.orgId, orgId), eq(aiUsage.month, month)))
    .get();
  return row?.total ?? 0;
}

export const BUDGET_EXHAUSTED = () =>
  new AppError(
    402,
    "ai_budget_exhausted",
    "This month's AI budget is used up. An admin can raise it in Settings → AI; it resets on the 1st (UTC).",
  );

const usd = (cents: number | null) => (cents === null ? "unlimited" : `$${(cents / 100).toFixed(2)}`);

/**
 * Throws when this request could take the month past the org's budget (402 `ai_budget_exhausted`) or past
 * its plan's AI allowance (402 `plan_limit`, with billing's details and the upgrade that would allow it).
 */
export async function assertWithinBudget(db: Db, orgId: string, budgetCents: number, worstCaseMicros: number, now: number): Promise<void> {
  const spent = await monthSpendMicros(db, orgId, monthOf(now));
  if (spent + worstCaseMicros > budgetCents * 10_000) throw BUDGET_EXHAUSTED();
  // Whole cents, rounded up, so a plan with no AI refuses even the cheapest request.
  const used = Math.ceil(spent / 10_000);
  const adding = Math.max(1, Math.ceil(worstCaseMicros / 10_000));
  try {
    await enforceLimit(db, orgId, "aiBudgetCentsPerMonth", { used, adding });
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "plan_limit") throw err;
    const d = err.details as { max: number; plan: string; upgrade: { name: string; max: number | null } | null };
    const included = d.max === 0 ? "includes no AI" : `includes ${usd(d.max)} of AI a month and this month has used ${usd(used)}`;
    const next = d.upgrade ? ` Upgrade to ${d.upgrade.name} (${usd(d.upgrade.max)} a month) on the Billing page.` : " Contact us for more.";
    throw new AppError(402, "plan_limit", `Your ${plans[d.plan as PlanId]?.name ?? d.plan} plan ${included}.${next}`, err.details);
  }
}
