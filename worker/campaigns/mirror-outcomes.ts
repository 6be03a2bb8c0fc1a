/**
 * After the runner recorded a batch's answers: the recipient rows in D1 (forward only, since a status
 * webhook can overtake this write), the sent template in each contact's conversation (so the team sees
 * it in the inbox, and its ticks move with Meta's statuses), and the changed rows to the campaign's screen.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { conversations } from "../../db/schema";
import type { RecipientUpdate, RunnerConfig, RunnerRecipient, SendOutcome } from "../../durable/campaign-protocol";
import { agentProjection, type ProjectionItem } from "../../durable/projection/projection";
import { roomStub } from "../../durable/room-stub";
import { conversationIdFor } from "../ingest/resolve-customers";
import { renderBody } from "./template-params";

export async function mirrorOutcomes(
  env: Env,
  db: Db,
  config: RunnerConfig,
  recipients: RunnerRecipient[],
  outcomes: SendOutcome[],
): Promise<void> {
  const now = Date.now();
  const statements: D1PreparedStatement[] = [];
  const updates: RecipientUpdate[] = [];
  const key = [config.campaignId, config.orgId];
  for (const o of outcomes) {
    if (o.result === "sent") {
      statements.push(
        env.DB.prepare(
          `UPDATE campaign_recipients SET status = CASE WHEN status IN ('pending', 'sending', 'unconfirmed') THEN 'sent' ELSE status END,
             wamid = ?, sent_at = coalesce(sent_at, ?), error_title = NULL, updated_at = ?
           WHERE campaign_id = ? AND org_id = ? AND idx = ?`,
        ).bind(o.wamid, now, now, ...key, o.idx),
      );
      updates.push({ idx: o.idx, status: "sent" });
    } else if (o.result === "failed" || o.result === "skipped" || o.result === "unconfirmed") {
      const code = o.result === "unconfirmed" ? null : o.code;
      statements.push(
        env.DB.prepare(
          `UPDATE campaign_recipients SET status = ?, error_code = ?, error_title = ?, updated_at = ?
           WHERE campaign_id = ? AND org_id = ? AND idx = ? AND status IN ('pending', 'sending')`,
        ).bind(o.result, code, o.title, now, ...key, o.idx),
      );
      updates.push({ idx: o.idx, status: o.result, errorTitle: o.title });
    }
  }
  const sent = outcomes.flatMap((o) => (o.result === "sent" ? [o] : []));
  await Promise.all([
    statements.length ? env.DB.batch(statements) : undefined,
    sent.length ? appendToConversations(env, db, config, recipients, sent) : undefined,
  ]);
  await env.ORG_INBOX.getByName(config.orgId).publishCampaignRecipients(config.campaignId, updates);
}

async function appendToConversations(
  env: Env,
  db: Db,
  config: RunnerConfig,
  recipients: RunnerRecipient[],
  sent: Extract<SendOutcome, { result: "sent" }>[],
): Promise<void> {
  const byIdx = new Map(recipients.map((r) => [r.idx, r]));
  const existing = await conversationIds(
    db,
    config.orgId,
    sent.map((o) => byIdx.get(o.idx)!.contactId),
  );
  const items: ProjectionItem[] = await Promise.all(
    sent.map(async (o) => {
      const r = byIdx.get(o.idx)!;
      const conv = {
        id: existing.get(r.contactId) ?? conversationIdFor(r.contactId),
        contactId: r.contactId,
        phoneNumberId: config.phoneNumberId,
      };
      const { projection, search } = await roomStub(env.CONVERSATION_ROOM, config.orgId, conv.id).appendOutbound({
        orgId: config.orgId,
        conversationId: conv.id,
        message: {
          id: r.messageId,
          phoneNumberId: config.phoneNumberId,
          wamid: o.wamid,
          content: {
            type: "template",
            name: config.templateName,
            language: config.templateLanguage,
            params: r.params,
            preview: renderBody(config.bodyText, r.params),
          },
          author: { id: `campaign:${config.campaignId}`, name: config.name },
        },
      });
      return agentProjection(conv, projection, undefined, search);
    }),
  );
  await env.ORG_INBOX.getByName(config.orgId).project(config.orgId, items);
}

/** Each contact's existing conversation id, if it has one. */
async function conversationIds(db: Db, orgId: string, contactIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < contactIds.length; i += 90) {
    const rows = await db
      .select({ id: conversations.id, contactId: conversations.contactId })
      .from(conversations)
      .where(and(eq(conversations.orgId, orgId), inArray(conversations.contactId, contactIds.slice(i, i + 90))))
      .all();
    for (const r of rows) out.set(r.contactId, r.id);
  }
  return out;
}
