/**
 * The plan's AI allowance (worker/billing/plans.ts) caps AI beside the org's own budget, asked at the
 * moment of use: past it, 402 plan_limit with billing's details and a message naming the upgrade, nothing
 * sent to the provider, and the refusal in the usage log. The settings page is told the allowance.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { aiUsage } from "../../db/tables/ai";
import { monthOf } from "../../worker/ai/budget";
import { plans } from "../../worker/billing/plans";
import { customerSays, peerRequests, turnAiOn } from "../support/ai";
import { expectJson } from "../support/api-errors";
import { workspace } from "../support/live";
import { conversationOf, db } from "../support/parley";

const ON_DEMAND_ONLY = { features: { intent: false, leadScore: false, autoReply: false } };

interface PlanLimit {
  error: {
    code: string;
    message: string;
    details: { limit: string; used: number; max: number; plan: string; upgrade: { plan: string } | null };
  };
}

async function expectPlanLimit(res: Response): Promise<PlanLimit["error"]> {
  const body = (await res.json()) as PlanLimit;
  expect(res.status, JSON.stringify(body)).toBe(402);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(body.error.code).toBe("plan_limit");
  expect(body.error.details.limit).toBe("aiBudgetCentsPerMonth");
  return body.error;
}

const outcomes = async (orgId: string) =>
  (await db().select().from(aiUsage).where(eq(aiUsage.orgId, orgId)).all()).map((u) => u.outcome).sort();

/** This month's spend so far, as if earlier requests had cost it. */
async function spent(orgId: string, micros: number) {
  const now = Date.now();
  await db()
    .insert(aiUsage)
    .values({
      id: crypto.randomUUID(),
      orgId,
      month: monthOf(now),
      feature: "summaries",
      model: "gpt-4o-mini",
      tokensIn: 0,
      tokensOut: 0,
      costMicros: micros,
      latencyMs: 0,
      outcome: "ok",
      createdAt: now,
    });
}

describe("AI and the plan's allowance", () => {
  it("Free includes no AI: summary and draft are 402 plan_limit with the upgrade, and nothing leaves", async () => {
    const w = await workspace();
    await expectJson(await w.owner.browser.post("/api/billing/free"));
    await turnAiOn(w.owner, ON_DEMAND_ONLY);
    await customerSays(w, "How much is the blue teapot?");
    const conv = await conversationOf(w.orgId, "351911111111");

    const summary = await expectPlanLimit(await w.owner.browser.post(`/api/conversations/${conv.id}/ai/summary`));
    expect(summary.details).toMatchObject({ max: 0, plan: "free", upgrade: { plan: "growth" } });
    expect(summary.message).toBe("Your Free plan includes no AI. Upgrade to Growth ($20.00 a month) on the Billing page.");
    // The draft is refused before its stream opens: a plain JSON error the composer shows as is.
    await expectPlanLimit(await w.owner.browser.post(`/api/conversations/${conv.id}/ai/draft`, {}));

    expect(await peerRequests(w.orgId)).toEqual([]);
    expect(await outcomes(w.orgId)).toEqual(["plan_limit"]);
    const settings = await expectJson<{ plan: { id: string; aiBudgetCentsPerMonth: number } }>(
      await w.owner.browser.get("/api/ai/settings"),
    );
    expect(settings.plan).toMatchObject({ id: "free", aiBudgetCentsPerMonth: 0 });
  });

  it("on Growth, a budget above the allowance does not lift it: AI works up to the plan's $20, then stops", async () => {
    const w = await workspace();
    const allowance = plans.growth.limits.aiBudgetCentsPerMonth!;
    await turnAiOn(w.owner, { ...ON_DEMAND_ONLY, monthlyBudgetCents: allowance * 10 });
    await customerSays(w, "Do you ship to Porto?");
    const conv = await conversationOf(w.orgId, "351911111111");
    // Well under the allowance (spend 10 cents short of it): answered.
    await spent(w.orgId, (allowance - 10) * 10_000);
    await expectJson(await w.owner.browser.post(`/api/conversations/${conv.id}/ai/summary`), 201);
    expect(await peerRequests(w.orgId)).toHaveLength(1);

    // The rest of the allowance gone: the org's own $200 budget has room, the plan does not.
    await spent(w.orgId, 10 * 10_000);
    await customerSays(w, "And to Faro?");
    const error = await expectPlanLimit(await w.owner.browser.post(`/api/conversations/${conv.id}/ai/summary`));
    expect(error.details).toMatchObject({ max: allowance, plan: "growth", upgrade: { plan: "business" } });
    expect(error.message).toContain("Your Growth plan includes $20.00 of AI a month and this month has used $20.");
    expect(error.message).toContain("Upgrade to Business ($100.00 a month)");
    expect(await peerRequests(w.orgId)).toHaveLength(1);
    expect((await outcomes(w.orgId)).filter((o) => o !== "ok")).toEqual(["plan_limit"]);
  });
});
