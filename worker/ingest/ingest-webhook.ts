/**
 * A verified webhook's events → rooms → D1. Costs one room call per conversation (in parallel). Each
 * room commits its events together with their D1 projection (its outbox) and, after answering, writes
 * that projection through the org's OrgInbox, whose group commit merges many rooms' items into one D1
 * batch. Resolves once every event is durably stored in its room: that is what the 200 Meta gets means.
 * Work that reads the D1 rows right away (catalog orders, AI and automation jobs) waits for them first.
 */
import { roomStub } from "../../durable/room-stub";
import type { Identity, InboundMessage, MediaJob, RoomEvent } from "../../durable/room-api";
import type { Db } from "../../db/client";
import type { ParsedWebhook, PreferenceEvent } from "../whatsapp/parse-webhook";
import { applyTemplateStatus } from "../inbox/templates";
import { applyCampaignEvents, type CampaignEvents } from "../campaigns/campaign-statuses";
import type { IdentityChange, ProjectionItem } from "../../durable/projection/projection";
import { aiEnabledOrgs, type AiInboundJob } from "../ai/jobs";
import { identityKey, type ResolvedCustomer, routeWebhook } from "./resolve-customers";
import { draftWhatsAppOrders, isOrderMessage, type WhatsAppOrderTarget } from "../commerce/whatsapp-orders";
import { publishOrders } from "../commerce/order-summary";
import type { IngestSummary } from "./ingest-summary";
import { automationOrgs, type AutomationJob } from "../automation/events";
import { inboundEvents } from "../automation/inbound-events";
import { pushOrgs } from "../push/push-orgs";
import { inboundPushJob } from "../push/inbound-push";
import type { PushNotifyJob } from "../push/push-job";
import { fromAutomationEvents, fromStatuses, webhookOrgs, type WebhooksEmitJob } from "../integrations/events";

export type { IngestSummary };

export interface IngestDeps {
  db: Db;
  /** The raw binding, for statements D1 batches as prepared (campaign statuses). */
  d1: D1Database;
  rooms: Env["CONVERSATION_ROOM"];
  inboxes: DurableObjectNamespace<import("../../durable/org-inbox").OrgInbox>;
  jobs: Queue<MediaJob | AiInboundJob | AutomationJob | PushNotifyJob | WebhooksEmitJob>;
}

interface ConversationBatch {
  customer: ResolvedCustomer;
  identity: Identity;
  profileName?: string;
  phoneNumberId: string;
  events: RoomEvent[];
  hasMessage: boolean;
  identityChanges: IdentityChange[];
}

export async function ingestWebhook(deps: IngestDeps, parsed: ParsedWebhook): Promise<IngestSummary> {
  const summary: IngestSummary = { stored: 0, duplicates: 0, statusesApplied: 0, statusesHeld: 0, unknownNumbers: [], conversations: 0 };
  const identities = new Map<string, Identity[]>();
  for (const number of parsed.numbers) {
    const list = identities.get(number.phoneNumberId) ?? [];
    identities.set(number.phoneNumberId, list);
    list.push(...number.events.map((e) => e.customer), ...number.preferences.map((p) => p.customer));
  }
  const { owners, customers: orgCustomers } = await routeWebhook(deps.db, identities);

  // Group every event by org, then by conversation, keeping webhook order within each.
  type OrgEvents = { batches: Map<string, ConversationBatch>; preferences: PreferenceEvent[] };
  const byOrg = new Map<string, OrgEvents>();
  const pending: { orgId: string; phoneNumberId: string; customer: Identity; profileName?: string; event: RoomEvent }[] = [];
  for (const number of parsed.numbers) {
    const orgId = owners.get(number.phoneNumberId);
    if (!orgId) {
      console.warn("webhook for a number no organization has connected", { phoneNumberId: number.phoneNumberId });
      summary.unknownNumbers.push(number.phoneNumberId);
      continue;
    }
    const org: OrgEvents = byOrg.get(orgId) ?? { batches: new Map(), preferences: [] };
    byOrg.set(orgId, org);
    org.preferences.push(...number.preferences);
    for (const e of number.events) pending.push({ orgId, phoneNumberId: number.phoneNumberId, ...e });
  }

  const campaignEvents = new Map<string, CampaignEvents>();
  // A number change earlier in this webhook makes its new number the same customer for the events after it.
  const renamed = new Map<string, ResolvedCustomer>();
  const renamedKeys = (orgId: string, c: Identity) => [
    ...(c.waId ? [`${orgId}|w|${c.waId}`] : []),
    ...(c.userId ? [`${orgId}|u|${c.userId}`] : []),
  ];
  for (const p of pending) {
    const customer =
      renamedKeys(p.orgId, p.customer)
        .map((k) => renamed.get(k))
        .find(Boolean) ?? orgCustomers.get(p.orgId)!.get(identityKey(p.customer))!;
    noteCampaignEvent(campaignEvents, p.orgId, customer, p.event);
    const batches = byOrg.get(p.orgId)!.batches;
    let batch = batches.get(customer.conversationId);
    if (!batch)
      batches.set(
        customer.conversationId,
        (batch = { customer, identity: {}, phoneNumberId: p.phoneNumberId, events: [], hasMessage: false, identityChanges: [] }),
      );
    batch.events.push(p.event);
    // An event naming a number the customer has left routes here, but must not make that number current again.
    if (!customer.former) batch.identity = { ...batch.identity, ...p.customer };
    const change = identityChangeOf(p.customer, p.event);
    if (change) {
      batch.identityChanges.push(change);
      for (const key of renamedKeys(p.orgId, change.next)) renamed.set(key, customer);
    }
    if (p.profileName) batch.profileName = p.profileName;
    if (p.event.kind === "message") {
      batch.hasMessage = true;
      batch.phoneNumberId = p.event.message.phoneNumberId;
    }
  }

  const projections = new Map<string, ProjectionItem[]>();
  const project = (orgId: string, item: ProjectionItem) => {
    const items = projections.get(orgId);
    if (items) items.push(item);
    else projections.set(orgId, [item]);
  };
  const mediaJobs: MediaJob[] = [];
  const catalogOrders: { target: WhatsAppOrderTarget; messages: InboundMessage[] }[] = [];
  // AI jobs for new customer messages, only for orgs that switched AI on; asked beside the room calls.
  // Reading AI settings must never fail a webhook: without it, this POST simply triggers no AI.
  const aiOrgs = aiEnabledOrgs(deps.db, [...byOrg.keys()]).catch((err: unknown) => {
    console.warn("ai settings unreadable; no AI jobs for this webhook", String(err));
    return new Set<string>();
  });
  const aiJobs: AiInboundJob[] = [];
  // Likewise for automation: only orgs with an enabled rule or an away message get events on the Queue.
  const ruleOrgs = automationOrgs(deps.db, [...byOrg.keys()]).catch((err: unknown) => {
    console.warn("automation settings unreadable; no automation for this webhook", String(err));
    return new Set<string>();
  });
  const automationJobs: AutomationJob[] = [];
  // And for push: only orgs where someone opted a device in.
  const notifyOrgs = pushOrgs(deps.db, [...byOrg.keys()]).catch((err: unknown) => {
    console.warn("push subscriptions unreadable; no push for this webhook", String(err));
    return new Set<string>();
  });
  const pushJobs: PushNotifyJob[] = [];
  // And for outgoing webhooks: only orgs with an enabled endpoint.
  const hookOrgs = webhookOrgs(deps.db, [...byOrg.keys()]).catch((err: unknown) => {
    console.warn("webhook endpoints unreadable; no webhook events for this webhook", String(err));
    return new Set<string>();
  });
  const webhookJobs: WebhooksEmitJob[] = [];
  await Promise.all(
    [...byOrg].flatMap(([orgId, org]) =>
      [...org.batches.values()].map(async (batch) => {
        const room = roomStub(deps.rooms, orgId, batch.customer.conversationId);
        const result = await room.ingest({
          orgId,
          conversationId: batch.customer.conversationId,
          events: batch.events,
          project: {
            contactId: batch.customer.contactId,
            phoneNumberId: batch.phoneNumberId,
            identity: batch.identity,
            ...(batch.profileName !== undefined && { profileName: batch.profileName }),
            identityChanges: batch.identityChanges,
            known: batch.customer.known,
            hasMessage: batch.hasMessage,
          },
        });
        summary.conversations++;
        for (const k of ["stored", "duplicates", "statusesApplied", "statusesHeld"] as const) summary[k] += result.counts[k];
        mediaJobs.push(...result.mediaPending);
        const orderMessages = batch.events.flatMap((e) => (e.kind === "message" && isOrderMessage(e.message) ? [e.message] : []));
        if (orderMessages.length) catalogOrders.push({ target: { orgId, ...batch.customer }, messages: orderMessages });
        const p = result.projection;
        let readsRows = orderMessages.length > 0;
        if (result.counts.stored > 0 && p?.lastMessageDirection === "inbound" && p.lastMessageSeq !== null && (await aiOrgs).has(orgId)) {
          aiJobs.push({ kind: "ai.inbound", orgId, conversationId: batch.customer.conversationId, uptoSeq: p.lastMessageSeq });
          readsRows = true;
        }
        if (result.counts.stored > 0 && p && (await ruleOrgs).has(orgId)) {
          const events = inboundEvents(batch.customer, batch.events, p.inboundCount);
          if (events.length) automationJobs.push({ kind: "automation.events", orgId, events });
          readsRows ||= events.length > 0;
        }
        if (result.counts.stored > 0 && p?.lastMessageDirection === "inbound" && (await notifyOrgs).has(orgId)) {
          const job = inboundPushJob(orgId, batch.customer, batch.events, result.seenBy);
          if (job) pushJobs.push(job);
          if (job) readsRows = true;
        }
        // These read the conversation and contact rows: they wait for D1 (the room's outbox drain).
        if (readsRows && p && !(await room.projectionSettled())) throw new Error("D1 has not taken this conversation's rows yet");
        if ((await hookOrgs).has(orgId)) {
          const statuses = batch.events.flatMap((e) => (e.kind === "status" ? [e.status] : []));
          const events = [
            ...(result.counts.stored > 0 && p
              ? await fromAutomationEvents(orgId, inboundEvents(batch.customer, batch.events, p.inboundCount))
              : []),
            ...(await fromStatuses(orgId, batch.customer.conversationId, statuses)),
          ];
          if (events.length) webhookJobs.push({ kind: "webhooks.emit", orgId, events });
        }
      }),
    ),
  );

  for (const [orgId, org] of byOrg) {
    for (const pref of org.preferences) {
      if (pref.category !== "marketing_messages") continue;
      const customer = orgCustomers.get(orgId)!.get(identityKey(pref.customer))!;
      project(orgId, { kind: "marketing", contactId: customer.contactId, identity: pref.customer, optOut: pref.optOut, at: pref.at });
    }
  }

  await Promise.all([
    ...[...projections].map(([orgId, items]) => deps.inboxes.getByName(orgId).project(orgId, items)),
    applyTemplateStatus(deps.db, parsed.templateStatuses),
    ...[...campaignEvents].map(([orgId, events]) => applyCampaignEvents(deps.d1, deps.inboxes, orgId, events)),
    mediaJobs.length || aiJobs.length ? deps.jobs.sendBatch([...mediaJobs, ...aiJobs].map((body) => ({ body }))) : undefined,
  ]);
  // After the projections: a draft order references the contact row they write. Idempotent per wamid,
  // so it runs for duplicates too and a retry repairs a draft a crash lost. Automation reads those rows too.
  await Promise.all([
    ...catalogOrders.map(async ({ target, messages }) =>
      publishOrders(deps.inboxes, target.orgId, await draftWhatsAppOrders(deps.db, target, messages)),
    ),
    // After the projections too: the consumer reads the conversation's assignee and the contact's name.
    pushJobs.length ? deps.jobs.sendBatch(pushJobs.map((body) => ({ body }))) : undefined,
    automationJobs.length || webhookJobs.length
      ? deps.jobs.sendBatch([...automationJobs, ...webhookJobs].map((body) => ({ body })))
      : undefined,
  ]);
  return summary;
}

/** Statuses of campaign sends, and messages from customers a campaign may have reached (replies). */
function noteCampaignEvent(into: Map<string, CampaignEvents>, orgId: string, customer: ResolvedCustomer, event: RoomEvent): void {
  const isCampaignStatus = event.kind === "status" && event.status.callbackData?.startsWith("cmp:");
  // A customer Parley has never heard of has had no campaign message.
  // A system notice (a new number) is WhatsApp speaking, not a reply.
  const isReply = event.kind === "message" && event.message.content.type !== "system" && customer.known;
  if (!isCampaignStatus && !isReply) return;
  const events = into.get(orgId) ?? { statuses: [], repliedContactIds: [] };
  into.set(orgId, events);
  if (event.kind === "status") events.statuses.push(event.status);
  else events.repliedContactIds.push(customer.contactId);
}

/**
 * Meta's `user_changed_number` and `user_changed_user_id` notices: sent from the identity the customer
 * had, naming the one they have now (`system.wa_id`, `system.user_id`).
 */
function identityChangeOf(previous: Identity, event: RoomEvent): IdentityChange | null {
  if (event.kind !== "message") return null;
  const c = event.message.content;
  if (c.type !== "system" || (!c.newWaId && !c.newUserId)) return null;
  const next: Identity = { ...(c.newWaId && { waId: c.newWaId }), ...(c.newUserId && { userId: c.newUserId }) };
  return { previous, next, at: event.message.waTimestamp };
}
