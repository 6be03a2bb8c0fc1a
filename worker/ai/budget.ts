/**
 * What AI costs an org, and the hard stop at its monthly budget, asked at the moment of use: before a
 * request leaves, the month's spend plus the most this request can cost must fit in the budget.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { aiUsage } from "../../db/tables/ai";
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

/** Throws when this request could take the month past the budget. */
export async function assertWithinBudget(db: Db, orgId: string, budgetCents: number, worstCaseMicros: number, now: number): Promise<void> {
  const spent = await monthSpendMicros(db, orgId, monthOf(now));
  if (spent + worstCaseMicros > budgetCents * 10_000) throw BUDGET_EXHAUSTED();
}
