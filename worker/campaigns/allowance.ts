/**
 * What a campaign may send under the organization's plan and standing: the month's broadcast recipients
 * (every recipient a campaign started this calendar month, UTC, planned to receive it) and no sending at
 * all while the organization is restricted. Checked when a campaign starts and when it is resumed; the
 * sender re-checks the standing before each batch, so a campaign running when payment lapses pauses.
 */
import { and, eq, gte, ne, sum } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaigns } from "../../db/tables/campaigns";
import { enforceCanSend, enforceLimit } from "../billing/enforce";

export const monthStartUtc = (now: number) => {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

/** Recipients of the campaigns started this month, leaving out `except` (the campaign being started). */
export async function broadcastRecipientsThisMonth(db: Db, orgId: string, now = Date.now(), except?: string): Promise<number> {
  const row = await db
    .select({ n: sum(campaigns.recipientCount) })
    .from(campaigns)
    .where(and(eq(campaigns.orgId, orgId), gte(campaigns.startedAt, monthStartUtc(now)), ...(except ? [ne(campaigns.id, except)] : [])))
    .get();
  return Number(row?.n ?? 0);
}

/** 402 `billing_restricted` or 402 `plan_limit` (with the month's usage and the upgrade) before anything is sent. */
export async function enforceCampaignAllowance(db: Db, orgId: string, campaignId: string, recipients: number): Promise<void> {
  await enforceCanSend(db, orgId);
  if (!recipients) return;
  const used = await broadcastRecipientsThisMonth(db, orgId, Date.now(), campaignId);
  await enforceLimit(db, orgId, "broadcastRecipientsPerMonth", { used, adding: recipients });
}
