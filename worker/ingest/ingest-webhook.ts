/**
 * A verified webhook's events → rooms → D1 → OrgInbox. Costs one room call per conversation (in
 * parallel), one D1 batch and one inbox call per org, whatever the number of events. Resolves only
 * once everything is durably stored, so the 200 Meta gets is a promise kept.
 */
import { roomStub } from "../../durable/room-stub";
import type { Identity, MediaJob, RoomEvent, RoomIngestResult } from "../../durable/room-api";
import type { Db } from "../db/client";
import type { ParsedWebhook, PreferenceEvent } from "../whatsapp/parse-webhook";
import { changeContactIdentity, setMarketingOptOut, upsertContact, upsertConversation, type Statement } from "./project-to-d1";
import type { ConversationSummary } from "../../durable/protocol";
import type { Contact, Conversation } from "../db/schema";
import { toSummary } from "../inbox/conversation-summary";
import { applyTemplateStatus } from "../inbox/templates";
import { forgetIdentity, identityKey, resolveCustomers, resolveNumberOwners, type ResolvedCustomer } from "./resolve-customers";

export interface IngestDeps {
  db: Db;
  rooms: Env["CONVERSATION_ROOM"];
  inboxes: DurableObjectNamespace<import("../../durable/org-inbox").OrgInbox>;
  jobs: Queue<MediaJob>;
  /** For work that must not hold up Meta's 200 (live fan-out). */
  waitUntil: (p: Promise<unknown>) => void;
  now?: () => number;
}

export interface IngestSummary {
  stored: number;
  duplicates: number;
  statusesApplied: number;
  statusesHeld: number;
  unknownNumbers: string[];
  conversations: number;
}

interface ConversationBatch {
  customer: ResolvedCustomer;
  identity: Identity;
  profileName?: string;
  phoneNumberId: string;
  events: RoomEvent[];
  hasMessage: boolean;
}

export async function ingestWebhook(deps: IngestDeps, parsed: ParsedWebhook): Promise<IngestSummary> {
  const now = deps.now ?? Date.now;
  const summary: IngestSummary = { stored: 0, duplicates: 0, statusesApplied: 0, statusesHeld: 0, unknownNumbers: [], conversations: 0 };
  const owners = await resolveNumberOwners(deps.db, parsed.numbers.map((n) => n.phoneNumberId));

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

  const orgCustomers = new Map<string, Map<string, ResolvedCustomer>>();
  await Promise.all(
    [...byOrg].map(async ([orgId, org]) => {
      const identities = [...pending.filter((p) => p.orgId === orgId).map((p) => p.customer), ...org.preferences.map((p) => p.customer)];
      orgCustomers.set(orgId, await resolveCustomers(deps.db, orgId, identities));
    }),
  );

  for (const p of pending) {
    const customer = orgCustomers.get(p.orgId)!.get(identityKey(p.customer))!;
    const batches = byOrg.get(p.orgId)!.batches;
    let batch = batches.get(customer.conversationId);
    if (!batch) batches.set(customer.conversationId, (batch = { customer, identity: {}, phoneNumberId: p.phoneNumberId, events: [], hasMessage: false }));
    batch.events.push(p.event);
    batch.identity = { ...batch.identity, ...p.customer };
    if (p.profileName) batch.profileName = p.profileName;
    if (p.event.kind === "message") {
      batch.hasMessage = true;
      batch.phoneNumberId = p.event.message.phoneNumberId;
    }
  }

  const statements: Statement[] = [];
  /** Which batch results hold the rows a changed conversation's list row is made of. */
  const rowsAt: { orgId: string; contact: number; conversation: number }[] = [];
  const mediaJobs: MediaJob[] = [];
  await Promise.all(
    [...byOrg].flatMap(([orgId, org]) =>
      [...org.batches.values()].map(async (batch) => {
        const room = roomStub(deps.rooms, orgId, batch.customer.conversationId);
        const result = await room.ingest({ orgId, conversationId: batch.customer.conversationId, events: batch.events });
        summary.conversations++;
        for (const k of ["stored", "duplicates", "statusesApplied", "statusesHeld"] as const) summary[k] += result.counts[k];
        mediaJobs.push(...result.mediaPending);
        const projected = projectionStatements(deps.db, orgId, batch, result, now());
        if (result.frames.length && projected.conversation !== null) {
          rowsAt.push({ orgId, contact: statements.length, conversation: statements.length + projected.conversation });
        }
        statements.push(...projected.statements);
      }),
    ),
  );

  for (const [orgId, org] of byOrg) {
    for (const pref of org.preferences) {
      if (pref.category !== "marketing_messages") continue;
      const customer = orgCustomers.get(orgId)!.get(identityKey(pref.customer))!;
      statements.push(upsertContact(deps.db, orgId, customer.contactId, pref.customer, undefined, now()));
      statements.push(setMarketingOptOut(deps.db, orgId, customer.contactId, pref.optOut, pref.at, now()));
    }
  }

  const results: unknown[] = statements.length ? await deps.db.batch(statements as [Statement, ...Statement[]]) : [];
  await applyTemplateStatus(deps.db, parsed.templateStatuses);
  if (mediaJobs.length) await deps.jobs.sendBatch(mediaJobs.map((body) => ({ body })));
  // The upserts returned the fresh rows, so live fan-out needs no read; it goes out after Meta's 200.
  const byOrgRows = new Map<string, ConversationSummary[]>();
  for (const at of rowsAt) {
    const [contact] = results[at.contact] as Contact[];
    // No row: a parallel POST already wrote a newer state of this conversation (and publishes it).
    const [conversation] = results[at.conversation] as Conversation[];
    if (contact && conversation) byOrgRows.set(at.orgId, [...(byOrgRows.get(at.orgId) ?? []), toSummary(conversation, contact)]);
  }
  for (const [orgId, rows] of byOrgRows) deps.waitUntil(deps.inboxes.getByName(orgId).publish(rows));
  return summary;
}

/** The D1 statements for one conversation; `conversation` is the index of its (returning) upsert, if any. */
function projectionStatements(db: Db, orgId: string, batch: ConversationBatch, result: RoomIngestResult, now: number): { statements: Statement[]; conversation: number | null } {
  const { contactId, conversationId, known } = batch.customer;
  // A status for a customer Parley has never stored a message from creates no inbox row.
  if (!batch.hasMessage && !known) return { statements: [], conversation: null };
  const row = { orgId, conversationId, contactId, phoneNumberId: batch.phoneNumberId };
  // Delivery statuses (three per send) change no contact and no list row, only the room sequence, unless a
  // failure closed the window: then only the conversation row is written, and nothing is republished.
  const listRowChanges = batch.hasMessage || batch.events.some((e) => e.kind === "status" && e.status.status === "failed");
  if (!listRowChanges) {
    return { statements: result.projection.messageCount > 0 ? [upsertConversation(db, row, result.projection, now)] : [], conversation: null };
  }
  const out: Statement[] = [upsertContact(db, orgId, contactId, batch.identity, batch.profileName, now).returning()];
  let conversation: number | null = null;
  if (result.projection.messageCount > 0) {
    const reopen = result.counts.stored > 0 && batch.hasMessage;
    conversation = out.length;
    out.push(upsertConversation(db, row, result.projection, now, reopen).returning());
  }
  for (const next of result.identityChanges) {
    out.push(changeContactIdentity(db, orgId, contactId, next, now));
    forgetIdentity(orgId, next);
  }
  if (result.marketingOptOutAt !== null) out.push(setMarketingOptOut(db, orgId, contactId, true, result.marketingOptOutAt, now));
  return { statements: out, conversation };
}
