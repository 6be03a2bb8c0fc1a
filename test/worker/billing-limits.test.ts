/**
 * Plan limits at the moment of use: 402 plan_limit with the limit, the usage and the upgrade, exactly at
 * each boundary; seats (members + open invites) and numbers enforced by the routes that add them.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { enforceLimit } from "../../worker/billing/enforce";
import { plans, type LimitName } from "../../worker/billing/plans";
import { openDb } from "../../db/client";
import { signUpOwner, uniqueEmail } from "../support/accounts";
import { expectJson } from "../support/api-errors";
import { seedNumber } from "../support/numbers";

interface PlanLimitError {
  error: {
    code: string;
    message: string;
    details: { limit: string; used: number; max: number; plan: string; upgrade: { plan: string; max: number } | null };
  };
}

async function expectPlanLimit(res: Response, limit: LimitName, used: number, max: number): Promise<PlanLimitError["error"]> {
  const body = (await res.json()) as PlanLimitError;
  expect(res.status, JSON.stringify(body)).toBe(402);
  expect(body.error).toMatchObject({ code: "plan_limit", details: { limit, used, max } });
  return body.error;
}

async function freeOwner() {
  const owner = await signUpOwner("Free Co");
  await expectJson(await owner.browser.post("/api/billing/free"));
  return owner;
}

describe("plan limits", () => {
  it("refuses a 3rd seat on the 2-seat Free plan, counting open invites, with the upgrade path", async () => {
    const owner = await freeOwner();
    await expectJson(await owner.browser.post("/api/team/invites", { email: uniqueEmail(), role: "agent" }), 201);
    const error = await expectPlanLimit(
      await owner.browser.post("/api/team/invites", { email: uniqueEmail(), role: "agent" }),
      "seats",
      2,
      2,
    );
    expect(error.details.upgrade).toEqual({ plan: "growth", name: "Growth", max: 10, url: "/billing" });
    expect(error.message).toContain("Upgrade to Growth");
  });

  it("refuses a 2nd WhatsApp number on Free before asking Meta", async () => {
    const owner = await freeOwner();
    await seedNumber(owner.orgId);
    const res = await owner.browser.post("/api/numbers", {
      phoneNumberId: "1234567890123",
      wabaId: "112233445566778",
      accessToken: env.META_ACCESS_TOKEN,
    });
    await expectPlanLimit(res, "numbers", 1, 1);
  });

  it("allows exactly up to every limit and refuses one past it", async () => {
    const owner = await freeOwner();
    const db = openDb(env.DB);
    const limits = plans.free.limits;
    for (const limit of ["broadcastRecipientsPerMonth", "automationRules", "aiBudgetCentsPerMonth"] as const) {
      const max = limits[limit]!;
      if (max > 0) await expect(enforceLimit(db, owner.orgId, limit, { used: max - 1 })).resolves.toBe(max - 1);
      await expect(enforceLimit(db, owner.orgId, limit, { used: max })).rejects.toMatchObject({ status: 402, code: "plan_limit" });
    }
    // Counted here: one member, no numbers, no contacts.
    await expect(enforceLimit(db, owner.orgId, "seats")).resolves.toBe(1);
    await expect(enforceLimit(db, owner.orgId, "seats", { adding: 2 })).rejects.toMatchObject({ details: { used: 1, adding: 2, max: 2 } });
    await expect(enforceLimit(db, owner.orgId, "contacts", { adding: limits.contacts! })).resolves.toBe(0);
    await expect(enforceLimit(db, owner.orgId, "contacts", { adding: limits.contacts! + 1 })).rejects.toMatchObject({
      details: { limit: "contacts", upgrade: { plan: "growth" } },
    });
    await expect(enforceLimit(db, owner.orgId, "numbers", { adding: 1 })).resolves.toBe(0);
  });

  it("meters automation rules, switched-off ones included, and refuses one past the plan's", async () => {
    const owner = await freeOwner();
    const max = plans.free.limits.automationRules!;
    const rule = (n: number) => ({ name: `Rule ${n}`, trigger: "conversation.opened", actions: [{ type: "close" }] });
    const usage = async () =>
      (await expectJson<{ billing: { usage: { automationRules: number } } }>(await owner.browser.get("/api/billing"))).billing.usage;
    expect((await usage()).automationRules).toBe(0);
    const ids: string[] = [];
    for (let n = 1; n <= max; n++)
      ids.push((await expectJson<{ rule: { id: string } }>(await owner.browser.post("/api/automation/rules", rule(n)), 201)).rule.id);
    await expectJson(await owner.browser.patch(`/api/automation/rules/${ids[0]}`, { enabled: false }));
    expect((await usage()).automationRules).toBe(max);
    await expectPlanLimit(await owner.browser.post("/api/automation/rules", rule(max + 1)), "automationRules", max, max);
    expect((await usage()).automationRules).toBe(max);
  });

  it("names no upgrade past the biggest plan", async () => {
    const owner = await signUpOwner();
    const db = openDb(env.DB);
    const max = plans.business.limits.seats!;
    await expect(enforceLimit(db, owner.orgId, "seats", { used: 0, adding: max + 1 })).rejects.toMatchObject({
      details: { upgrade: null },
    });
  });
});
