/**
 * Outgoing webhook events: what Parley tells an org's endpoints, put on the Queue where the domain
 * already notes a change (the webhook's ingest, an agent's edit), and only for orgs with an enabled
 * endpoint. An event's id is derived from what caused it, so a replayed WhatsApp webhook or a redelivered
 * job names the same event and each endpoint gets it once.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { webhookEndpoints } from "../../db/tables/integrations";
import type { AutomationEvent } from "../automation/events";
import type { StatusUpdate } from "../../durable/room-api";
import { sha256Hex } from "./api-keys";
import type { SystemEventType, WebhookEventType } from "./catalog";

export interface OutgoingEvent {
  id: string;
  type: WebhookEventType | SystemEventType;
  /** When it happened (ms; WhatsApp's time for messages and statuses). */
  at: number;
  data: Record<string, unknown>;
}

/** Fans an org's events out to its subscribed endpoints (or to `endpointId` alone, for pings and rules). */
export interface WebhooksEmitJob {
  kind: "webhooks.emit";
  orgId: string;
  events: OutgoingEvent[];
  endpointId?: string;
}

export const eventId = async (orgId: string, cause: string) => `evt_${(await sha256Hex(`${orgId}|${cause}`)).slice(0, 32)}`;

export async function outgoingEvent(orgId: string, cause: string, type: OutgoingEvent["type"], at: number, data: Record<string, unknown>) {
  return { id: await eventId(orgId, cause), type, at, data } satisfies OutgoingEvent;
}

/** Orgs with an enabled endpoint: the only ones whose events are worth a Queue message. */
export async function webhookOrgs(db: Db, orgIds: string[]): Promise<Set<string>> {
  if (!orgIds.length) return new Set();
  const rows = await db
    .selectDistinct({ orgId: webhookEndpoints.orgId })
    .from(webhookEndpoints)
    .where(and(inArray(webhookEndpoints.orgId, orgIds), eq(webhookEndpoints.enabled, true)))
    .all();
  return new Set(rows.map((r) => r.orgId));
}

const AUTOMATION_TO_WEBHOOK: Partial<Record<AutomationEvent["type"], WebhookEventType>> = {
  "message.received": "message.received",
  "conversation.opened": "conversation.opened",
  "conversation.closed": "conversation.closed",
  "conversation.assigned": "conversation.assigned",
  "contact.created": "contact.created",
  "contact.stage_changed": "contact.updated",
  "contact.tag_added": "contact.updated",
};

/** The same facts automation reacts to, as webhook events (keys are automation's, so just as stable). */
export async function fromAutomationEvents(orgId: string, events: Omit<AutomationEvent, "depth" | "chain">[]): Promise<OutgoingEvent[]> {
  return Promise.all(
    events.flatMap((e) => {
      const type = AUTOMATION_TO_WEBHOOK[e.type];
      if (!type) return [];
      const data = {
        ...(e.conversationId && { conversationId: e.conversationId }),
        ...(e.contactId && { contactId: e.contactId }),
        ...(e.type === "message.received" && { wamid: e.key.replace(/^msg:/, ""), text: e.text ?? "", first: e.first ?? false }),
        ...(e.stage !== undefined && { stage: e.stage }),
        ...(e.tag !== undefined && { tagAdded: e.tag }),
      };
      return [outgoingEvent(orgId, `wh:${e.key}`, type, e.at, data)];
    }),
  );
}

export async function fromStatuses(orgId: string, conversationId: string, statuses: StatusUpdate[]): Promise<OutgoingEvent[]> {
  return Promise.all(
    statuses.map((s) =>
      outgoingEvent(orgId, `status:${s.wamid}:${s.status}`, "message.status", s.at, {
        conversationId,
        wamid: s.wamid,
        status: s.status,
        ...(s.callbackData && { messageId: s.callbackData }),
        ...(s.error && { error: { code: s.error.code, title: s.error.title } }),
      }),
    ),
  );
}

/** An agent's change, as events on the Queue; never fails the request that made it. */
export async function emitWebhooks(
  env: Pick<Env, "JOBS">,
  db: Db,
  orgId: string,
  events: OutgoingEvent[] | Promise<OutgoingEvent[]>,
): Promise<void> {
  try {
    const list = await events;
    if (!list.length || !(await webhookOrgs(db, [orgId])).has(orgId)) return;
    await env.JOBS.send({ kind: "webhooks.emit", orgId, events: list } satisfies WebhooksEmitJob);
  } catch (err) {
    console.warn("webhook events not queued", { orgId, reason: String(err) });
  }
}
