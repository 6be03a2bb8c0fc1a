/**
 * Starting a campaign, now or at its time. The start is claimed in D1 (draft or scheduled → starting,
 * one conditional update), so a double click, a redelivered start job and the cron's safety net cannot
 * plan it twice; the runner's `begin` is idempotent too, so even a start that died half-way and is run
 * again sends each recipient once.
 */
import { and, eq, inArray, lt, or } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaigns, type Campaign } from "../../db/tables/campaigns";
import type { RunnerRecipient } from "../../durable/campaign-protocol";
import { enforceCanSend } from "../billing/enforce";
import { AppError } from "../errors";
import { enforceCampaignAllowance } from "./allowance";
import { checkSetup, getCampaign } from "./campaigns";
import { loadAudience, planAudience } from "./audience";
import { runnerOf } from "./runner";
import { insertRecipients } from "./recipients";
import { checkTimeZone, zonedToUtc } from "./zoned-time";

/** A start that has not finished in this long (its Worker died) may be taken over. */
const STALE_START_MS = 2 * 60_000;

export async function sendCampaign(
  env: Env,
  db: Db,
  orgId: string,
  id: string,
  when: { scheduledAt?: string | undefined; timeZone?: string | undefined },
): Promise<Campaign> {
  const campaign = await getCampaign(db, orgId, id);
  if (when.scheduledAt) {
    const timeZone = checkTimeZone(when.timeZone ?? campaign.timeZone);
    const at = zonedToUtc(when.scheduledAt, timeZone);
    if (!Number.isFinite(at)) throw new AppError(400, "invalid_time", "That date and time do not exist.");
    if (at < Date.now() - 60_000) throw new AppError(422, "time_in_past", "That time has passed; pick a later one or send now.");
    return scheduleCampaign(env, db, campaign, at, timeZone);
  }
  await startCampaign(env, db, orgId, id);
  return getCampaign(db, orgId, id);
}

async function scheduleCampaign(env: Env, db: Db, campaign: Campaign, at: number, timeZone: string): Promise<Campaign> {
  if (campaign.status !== "draft" && campaign.status !== "scheduled")
    throw new AppError(409, "campaign_started", "This campaign has already started.");
  await checkSetup(db, campaign.orgId, campaign);
  // The month's allowance is checked when it starts (the audience may change until then); the standing now.
  await enforceCanSend(db, campaign.orgId);
  const row = await db
    .update(campaigns)
    .set({ status: "scheduled", scheduledAt: at, timeZone, updatedAt: Date.now() })
    .where(and(eq(campaigns.id, campaign.id), eq(campaigns.orgId, campaign.orgId), inArray(campaigns.status, ["draft", "scheduled"])))
    .returning()
    .get();
  if (!row) throw new AppError(409, "campaign_started", "This campaign has already started.");
  await runnerOf(env, campaign.orgId, campaign.id).schedule(campaign.orgId, campaign.id, at);
  return row;
}

/** Back to a draft, if it has not started. */
export async function unscheduleCampaign(env: Env, db: Db, orgId: string, id: string): Promise<Campaign> {
  const row = await db
    .update(campaigns)
    .set({ status: "draft", scheduledAt: null, updatedAt: Date.now() })
    .where(and(eq(campaigns.id, id), eq(campaigns.orgId, orgId), eq(campaigns.status, "scheduled")))
    .returning()
    .get();
  if (!row) {
    await getCampaign(db, orgId, id);
    throw new AppError(409, "not_scheduled", "Only a scheduled campaign that has not started can be unscheduled.");
  }
  await runnerOf(env, orgId, id).unschedule(orgId, id);
  return row;
}

/**
 * Plans the audience and hands it to the runner. Returns false when another caller has the start (or
 * had it): the campaign then goes on as that caller started it.
 */
export async function startCampaign(env: Env, db: Db, orgId: string, id: string): Promise<boolean> {
  const now = Date.now();
  const claimed = await db
    .update(campaigns)
    .set({ status: "starting", updatedAt: now })
    .where(
      and(
        eq(campaigns.id, id),
        eq(campaigns.orgId, orgId),
        or(
          inArray(campaigns.status, ["draft", "scheduled"]),
          and(eq(campaigns.status, "starting"), lt(campaigns.updatedAt, now - STALE_START_MS)),
        ),
      ),
    )
    .returning()
    .get();
  if (!claimed) {
    const current = await getCampaign(db, orgId, id);
    if (current.status === "cancelled") throw new AppError(409, "campaign_cancelled", "This campaign was cancelled.");
    return false;
  }
  try {
    const setup = await checkSetup(db, orgId, claimed);
    const plan = await planAudience(db, orgId, await loadAudience(db, orgId, claimed.audience), claimed.params, setup.marketing);
    const recipients: RunnerRecipient[] = plan.recipients.map((r, idx) => ({ ...r, idx, messageId: `${id}-${idx}` }));
    await enforceCampaignAllowance(db, orgId, id, recipients.length);
    await insertRecipients(env.DB, orgId, id, plan.recipients, now);
    const ratePerSecond = claimed.ratePerSecond ?? (Number(env.SEND_RATE_PER_SECOND) || 80);
    await runnerOf(env, orgId, id).begin(
      {
        orgId,
        campaignId: id,
        name: claimed.name,
        phoneNumberId: claimed.phoneNumberId,
        templateName: claimed.templateName,
        templateLanguage: claimed.templateLanguage,
        marketing: setup.marketing,
        bodyText: setup.bodyText,
        ratePerSecond,
      },
      recipients.map(({ idx, contactId, waId, params, messageId }) => ({ idx, contactId, waId, params, messageId })),
    );
    await db
      .update(campaigns)
      .set({
        status: recipients.length ? "sending" : "completed",
        // A reason left by an earlier refused attempt no longer applies.
        stopReason: null,
        startedAt: now,
        recipientCount: recipients.length,
        excluded: { ...plan.excluded },
        updatedAt: Date.now(),
        ...(!recipients.length && { completedAt: Date.now() }),
      })
      .where(and(eq(campaigns.id, id), eq(campaigns.orgId, orgId), eq(campaigns.status, "starting")));
    return true;
  } catch (err) {
    // Nothing was sent by this attempt unless the runner began; let the team fix the cause and press send again.
    // A scheduled campaign refused by its plan goes back to draft: the cron would otherwise retry it every minute.
    const refusedByPlan = err instanceof AppError && err.status === 402;
    await db
      .update(campaigns)
      .set({
        status: claimed.scheduledAt && !refusedByPlan ? "scheduled" : "draft",
        stopReason: err instanceof Error ? err.message : String(err),
        updatedAt: Date.now(),
      })
      .where(and(eq(campaigns.id, id), eq(campaigns.orgId, orgId), eq(campaigns.status, "starting")));
    throw err;
  }
}

/**
 * The cron's safety net: a scheduled campaign whose runner alarm did not start it (the start job was
 * lost) is started here. Safe during a run: the conditional start above refuses a campaign already going.
 */
export async function startDueCampaigns(env: Env, db: Db, now = Date.now()): Promise<number> {
  const due = await db
    .select({ id: campaigns.id, orgId: campaigns.orgId })
    .from(campaigns)
    .where(and(eq(campaigns.status, "scheduled"), lt(campaigns.scheduledAt, now - 60_000)))
    .limit(20)
    .all();
  let started = 0;
  for (const c of due) {
    try {
      if (await startCampaign(env, db, c.orgId, c.id)) started++;
    } catch (err) {
      console.error("scheduled campaign did not start", { campaignId: c.id, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return started;
}
