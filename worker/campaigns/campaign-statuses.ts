/**
 * Meta's status webhooks and customers' replies, as they concern campaigns: a send's
 * `biz_opaque_callback_data` names its campaign and message, so its recipient row moves forward
 * (sent → delivered → read, or failed with Meta's reason), and a customer who writes within a week of
 * a campaign message is counted as a reply to it. One D1 batch per webhook, only when there is
 * something to say; the changed rows go to the campaign screens through the org's inbox object.
 */
import type { DeliveryStatus } from "../../durable/protocol";
import type { StatusUpdate } from "../../durable/room-api";
import { campaignFromCallback, RECIPIENT_RANK, type RecipientStatus, type RecipientUpdate } from "../../durable/campaign-protocol";

/** A reply this long after the campaign message still counts for the campaign. */
const REPLY_WINDOW_MS = 7 * 24 * 3600_000;

const RECIPIENT_STATUS: Record<DeliveryStatus, RecipientStatus> = {
  sent: "sent",
  delivered: "delivered",
  read: "read",
  played: "read",
  failed: "failed",
};

/** SQL for the stored status's rank, so an update only ever moves a recipient forward. */
const RANK_SQL = `CASE status ${Object.entries(RECIPIENT_RANK)
  .map(([s, r]) => `WHEN '${s}' THEN ${r}`)
  .join(" ")} END`;

export interface CampaignEvents {
  statuses: StatusUpdate[];
  /** Contacts who wrote in this webhook. */
  repliedContactIds: string[];
}

export async function applyCampaignEvents(
  d1: D1Database,
  inboxes: DurableObjectNamespace<import("../../durable/org-inbox").OrgInbox>,
  orgId: string,
  events: CampaignEvents,
  now = Date.now(),
): Promise<void> {
  const statements: D1PreparedStatement[] = [];
  for (const s of events.statuses) {
    const ref = s.callbackData ? campaignFromCallback(s.callbackData) : null;
    if (!ref) continue;
    const status = RECIPIENT_STATUS[s.status];
    statements.push(
      d1
        .prepare(
          `UPDATE campaign_recipients SET status = ?1, wamid = coalesce(wamid, ?2), sent_at = coalesce(sent_at, ?3),
             error_code = coalesce(?4, error_code), error_title = coalesce(?5, error_title), updated_at = ?6
           WHERE message_id = ?7 AND org_id = ?8 AND campaign_id = ?9 AND ${RANK_SQL} < ?10
           RETURNING campaign_id, idx, status, error_title`,
        )
        .bind(
          status,
          s.wamid,
          s.at,
          s.error?.code ?? null,
          s.error ? (s.error.details ?? s.error.title) : null,
          now,
          ref.messageId,
          orgId,
          ref.campaignId,
          RECIPIENT_RANK[status],
        ),
    );
  }
  if (events.repliedContactIds.length) {
    const ids = [...new Set(events.repliedContactIds)].slice(0, 90);
    statements.push(
      d1
        .prepare(
          `UPDATE campaign_recipients SET status = 'replied', updated_at = ?1
           WHERE org_id = ?2 AND contact_id IN (${ids.map((_, i) => `?${i + 4}`).join(",")})
             AND status IN ('sent', 'delivered', 'read') AND sent_at > ?3
           RETURNING campaign_id, idx, status, error_title`,
        )
        .bind(now, orgId, now - REPLY_WINDOW_MS, ...ids),
    );
  }
  if (!statements.length) return;
  const results = await d1.batch<{ campaign_id: string; idx: number; status: RecipientStatus; error_title: string | null }>(statements);
  const byCampaign = new Map<string, RecipientUpdate[]>();
  for (const row of results.flatMap((r) => r.results)) {
    const list = byCampaign.get(row.campaign_id) ?? [];
    list.push({ idx: row.idx, status: row.status, errorTitle: row.error_title });
    byCampaign.set(row.campaign_id, list);
  }
  if (byCampaign.size) {
    const inbox = inboxes.getByName(orgId);
    await Promise.all([...byCampaign].map(([campaignId, updates]) => inbox.publishCampaignRecipients(campaignId, updates)));
  }
}
