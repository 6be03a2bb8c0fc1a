/** Pause, resume, cancel and "retry failed": the runner decides, D1 follows. */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaignRecipients, campaigns, type Campaign } from "../../db/tables/campaigns";
import { enforceCanSend } from "../billing/enforce";
import { AppError } from "../errors";
import { getCampaign } from "./campaigns";
import { runnerOf } from "./runner";

const STARTED = ["sending", "paused", "completed"] as const;

export async function pauseCampaign(env: Env, db: Db, orgId: string, id: string): Promise<Campaign> {
  const c = await getCampaign(db, orgId, id);
  if (c.status !== "sending") throw new AppError(409, "not_sending", "Only a campaign that is sending can be paused.");
  await runnerOf(env, orgId, id).pause(orgId, id);
  return getCampaign(db, orgId, id);
}

export async function resumeCampaign(env: Env, db: Db, orgId: string, id: string): Promise<Campaign> {
  const c = await getCampaign(db, orgId, id);
  if (c.status !== "paused") throw new AppError(409, "not_paused", "Only a paused campaign can be resumed.");
  // Its recipients were counted when it started; only the standing can have changed since.
  await enforceCanSend(db, orgId);
  await runnerOf(env, orgId, id).resume(orgId, id);
  return getCampaign(db, orgId, id);
}

export async function cancelCampaign(env: Env, db: Db, orgId: string, id: string): Promise<Campaign> {
  const c = await getCampaign(db, orgId, id);
  if (c.status === "cancelled" || c.status === "completed" || c.status === "draft")
    throw new AppError(409, "not_cancellable", `A ${c.status} campaign cannot be cancelled.`);
  const now = Date.now();
  await db
    .update(campaigns)
    .set({ status: "cancelled", completedAt: now, updatedAt: now })
    .where(and(eq(campaigns.id, id), eq(campaigns.orgId, orgId)));
  const { skipped } = await runnerOf(env, orgId, id).cancel(orgId, id);
  for (let i = 0; i < skipped.length; i += 90) {
    await db
      .update(campaignRecipients)
      .set({ status: "skipped", errorTitle: "Campaign cancelled", updatedAt: now })
      .where(
        and(
          eq(campaignRecipients.campaignId, id),
          eq(campaignRecipients.status, "pending"),
          inArray(campaignRecipients.idx, skipped.slice(i, i + 90)),
        ),
      );
  }
  return getCampaign(db, orgId, id);
}

export async function retryFailed(env: Env, db: Db, orgId: string, id: string): Promise<{ campaign: Campaign; requeued: number }> {
  const c = await getCampaign(db, orgId, id);
  if (!(STARTED as readonly string[]).includes(c.status))
    throw new AppError(409, "not_started", "Only a campaign that has sent can retry its failures.");
  const { requeued } = await runnerOf(env, orgId, id).retryFailed(orgId, id);
  const now = Date.now();
  for (let i = 0; i < requeued.length; i += 90) {
    await db
      .update(campaignRecipients)
      .set({ status: "pending", errorCode: null, errorTitle: null, updatedAt: now })
      .where(
        and(
          eq(campaignRecipients.campaignId, id),
          eq(campaignRecipients.status, "failed"),
          inArray(campaignRecipients.idx, requeued.slice(i, i + 90)),
        ),
      );
  }
  return { campaign: await getCampaign(db, orgId, id), requeued: requeued.length };
}
