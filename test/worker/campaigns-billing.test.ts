/**
 * Campaigns under the plan: the month's broadcast recipients are a limit checked when a campaign starts
 * (402 plan_limit at the boundary, nothing sent, the campaign still a draft), a restricted organization
 * cannot start, schedule or resume one, and a campaign running when payment lapses pauses with the reason.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { billingAccounts } from "../../db/tables/billing";
import { campaigns } from "../../db/tables/campaigns";
import { firstTrial } from "../../worker/billing/standing";
import { expectJson } from "../support/api-errors";
import { campaignBodyFor, campaignWorkspace, peerSendsTo, until } from "../support/campaigns";
import type { Workspace } from "../support/live";
import { db } from "../support/parley";

const DAY = 24 * 3600_000;

const create = async (w: Workspace, more: Record<string, unknown> = {}) =>
  (await w.owner.browser.json<{ campaign: { id: string } }>("POST", "/api/campaigns", campaignBodyFor(w, more))).campaign.id;
const campaignOf = async (w: Workspace, id: string) =>
  (await w.owner.browser.json<{ campaign: { status: string; stopReason: string | null } }>("GET", `/api/campaigns/${id}`)).campaign;

/** A refusal with details (plan_limit, billing_restricted carry them for the upgrade prompt). */
async function expectRefusal(res: Response, code: string): Promise<{ message: string; details: Record<string, unknown> }> {
  const body = (await res.json()) as { error: { code: string; message: string; details: Record<string, unknown> } };
  expect(res.status, JSON.stringify(body)).toBe(402);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(20);
  return body.error;
}

/** A campaign this org already sent this month (or last month), counting `recipients`. */
async function pastCampaign(w: Workspace, recipients: number, startedAt = Date.now() - 60_000) {
  await db()
    .insert(campaigns)
    .values({
      id: `cmp_past_${crypto.randomUUID()}`,
      orgId: w.orgId,
      name: "Earlier",
      phoneNumberId: w.phoneNumberId,
      templateName: "reorder",
      templateLanguage: "en",
      params: [],
      audience: { kind: "tags", tags: ["vip"] },
      status: "completed",
      createdBy: w.owner.userId,
      recipientCount: recipients,
      startedAt,
      createdAt: startedAt,
      updatedAt: startedAt,
    });
}

/** The org's billing as Stripe left it: on Free, or unpaid for eight days (past its seven days of grace). */
async function setBilling(w: Workspace, state: "free" | "restricted" | "paid") {
  const base = firstTrial(w.orgId, Date.now());
  const row = {
    ...base,
    plan: state === "free" ? ("free" as const) : ("growth" as const),
    status: state === "restricted" ? ("past_due" as const) : ("active" as const),
    trialEndsAt: null,
    pastDueSince: state === "restricted" ? Date.now() - 8 * DAY : null,
    updatedAt: Date.now(),
  };
  await db().insert(billingAccounts).values(row).onConflictDoUpdate({ target: billingAccounts.orgId, set: row });
}

describe("broadcast recipients per month", { timeout: 60_000 }, () => {
  it("starts a campaign that reaches the limit exactly, and refuses one past it with the usage and the upgrade, sending nothing", async () => {
    const w = await campaignWorkspace(3);
    await setBilling(w, "free");
    // Free allows 250 a month: 247 already went out this month; an older campaign does not count.
    await pastCampaign(w, 248);
    await pastCampaign(w, 5_000, Date.UTC(2020, 0, 15));
    const over = await create(w);
    const res = await w.owner.browser.post(`/api/campaigns/${over}/send`, {});
    const body = await expectRefusal(res, "plan_limit");
    expect(body.details).toMatchObject({
      limit: "broadcastRecipientsPerMonth",
      used: 248,
      adding: 3,
      max: 250,
      upgrade: { plan: "growth" },
    });
    expect(await campaignOf(w, over)).toMatchObject({ status: "draft" });
    expect(await peerSendsTo(w.phoneNumberId)).toEqual([]);

    // One fewer sent earlier: 247 + 3 = 250 is within the plan.
    await db().update(campaigns).set({ recipientCount: 247 }).where(eq(campaigns.orgId, w.orgId));
    await db()
      .update(campaigns)
      .set({ startedAt: Date.UTC(2020, 0, 15) })
      .where(eq(campaigns.recipientCount, 5_000));
    await expectJson(await w.owner.browser.post(`/api/campaigns/${over}/send`, {}), 202);
    await until(async () => (await campaignOf(w, over)).status === "completed", 30_000, "campaign completed");
    // The earlier refusal's reason is gone once it started.
    expect(await campaignOf(w, over)).toMatchObject({ stopReason: null });
    expect(await peerSendsTo(w.phoneNumberId)).toHaveLength(3);
    // The billing screen counts them.
    const billing = await w.owner.browser.json<{ billing: { usage: Record<string, number> } }>("GET", "/api/billing");
    expect(billing.billing.usage.broadcastRecipientsPerMonth).toBe(250);
  });
});

describe("a restricted organization", { timeout: 60_000 }, () => {
  it("cannot send now, schedule or resume a campaign; a running one pauses with the reason and resumes once paid", async () => {
    const w = await campaignWorkspace(4);
    const id = await create(w, { ratePerSecond: 1 });
    await setBilling(w, "restricted");
    await expectRefusal(await w.owner.browser.post(`/api/campaigns/${id}/send`, {}), "billing_restricted");
    await expectRefusal(
      await w.owner.browser.post(`/api/campaigns/${id}/send`, { scheduledAt: "2099-01-01T09:00", timeZone: "Europe/Lisbon" }),
      "billing_restricted",
    );
    expect(await campaignOf(w, id)).toMatchObject({ status: "draft" });

    // Paid: it starts; payment lapses while it sends, and the next batch pauses it instead of sending.
    await setBilling(w, "paid");
    await expectJson(await w.owner.browser.post(`/api/campaigns/${id}/send`, {}), 202);
    await until(async () => (await peerSendsTo(w.phoneNumberId)).length >= 1, 20_000, "first send");
    await setBilling(w, "restricted");
    const paused = await until(
      async () => {
        const c = await campaignOf(w, id);
        return c.status === "paused" && c;
      },
      20_000,
      "paused",
    );
    expect(paused.stopReason).toMatch(/subscription is unpaid/);
    const sentWhenPaused = (await peerSendsTo(w.phoneNumberId)).length;
    expect(sentWhenPaused).toBeLessThan(4);
    await expectRefusal(await w.owner.browser.post(`/api/campaigns/${id}/resume`, {}), "billing_restricted");

    await setBilling(w, "paid");
    await expectJson(await w.owner.browser.post(`/api/campaigns/${id}/resume`, {}));
    await until(async () => (await campaignOf(w, id)).status === "completed", 30_000, "completed");
    // Each recipient exactly once across the pause.
    const sends = await peerSendsTo(w.phoneNumberId);
    expect(sends.map((s) => s.body.to).sort()).toEqual([...w.waIds].sort());
  });
});
