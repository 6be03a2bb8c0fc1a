/**
 * What a webhook changes in D1, as plain data. The Worker builds these items from the rooms' answers;
 * the org's OrgInbox turns them into statements and writes many webhooks' worth in one D1 batch (see
 * projection-writer.ts). Plain data because it crosses a Durable Object RPC.
 */
import type { Identity, RoomProjection } from "../room-api";
import type { BatchStatement } from "../../db/prepared";
import type { SearchDoc } from "../search/search-doc";
import {
  changeContactIdentity,
  readContact,
  setMarketingOptOut,
  setReachability,
  upsertContact,
  upsertConversation,
} from "./project-to-d1";
import { bumpMessageRollup, type MessageCounts } from "./message-rollup";
import { agentReplied, customerWrote } from "./conversation-clock";

/**
 * A conversation whose inbox row changed: a message, or a failure that closed the window. (The row's
 * `roomSeq` is the room's sequence at the last such change; delivery statuses do not move it.)
 */
export interface ConversationProjection {
  kind: "conversation";
  conversationId: string;
  contactId: string;
  phoneNumberId: string;
  identity: Identity;
  profileName?: string;
  /** False for a retried webhook: its rows are rewritten (repairing a crash) but the inbox heard it already. */
  publish: boolean;
  /** A customer wrote: a closed or snoozed conversation comes back to the inbox. */
  reopen: boolean;
  projection: RoomProjection;
  identityChanges: IdentityChange[];
  marketingOptOutAt: number | null;
  /** Reachability changed (see RoomIngestResult); absent when it did not. */
  unreachableAt?: number | null;
  /** Messages stored for the first time by this change, for the dashboard's rollup (never a replay's). */
  counted?: MessageCounts;
  /** Messages for the org's search index, written once the D1 rows are (search-feed.ts). */
  search?: SearchDoc[];
  /** The team member whose send `counted` is (first-response time and agent figures on the dashboard). */
  responder?: string;
  /** When the room committed it, for items sent from a room's outbox (the projection lag is measured from here). */
  committedAt?: number;
}

/** A `system` message: the customer now has a new number or user id (WhatsApp time `at`). */
export interface IdentityChange {
  previous: Identity;
  next: Identity;
  at: number;
}

/** A `user_preferences` webhook: the customer stopped (or resumed) marketing messages. */
export interface MarketingPreference {
  kind: "marketing";
  contactId: string;
  identity: Identity;
  optOut: boolean;
  at: number;
}

export type ProjectionItem = ConversationProjection | MarketingPreference;

/** A change made from Parley's side (an agent's send, a send that failed): same customer, list row republished. */
export function agentProjection(
  conv: { id: string; contactId: string; phoneNumberId: string },
  projection: RoomProjection,
  counted?: MessageCounts,
  search: SearchDoc[] = [],
  responder?: string,
): ConversationProjection {
  return {
    ...(counted && { counted }),
    ...(responder && { responder }),
    kind: "conversation",
    conversationId: conv.id,
    contactId: conv.contactId,
    phoneNumberId: conv.phoneNumberId,
    identity: {},
    publish: true,
    reopen: false,
    projection,
    identityChanges: [],
    marketingOptOutAt: null,
    ...(search.length && { search }),
  };
}

/** Statements for one item; `row` says which of them return the contact and conversation of an inbox row to publish. */
export function itemStatements(
  d1: D1Database,
  orgId: string,
  item: ProjectionItem,
  now: number,
): { statements: BatchStatement[]; row: { contact: number; conversation: number } | null } {
  if (item.kind === "marketing") {
    return {
      statements: [
        upsertContact(d1, orgId, item.contactId, item.identity, undefined, now),
        setMarketingOptOut(d1, orgId, item.contactId, item.optOut, item.at, now),
      ],
      row: null,
    };
  }
  const row = { orgId, conversationId: item.conversationId, contactId: item.contactId, phoneNumberId: item.phoneNumberId };
  const hasMessages = item.projection.messageCount > 0;
  // Nothing new about the customer (an agent's send): read the contact for the row rather than rewrite it.
  const learnsNothing = !item.identity.waId && !item.identity.userId && item.profileName === undefined;
  const statements = [
    learnsNothing ? readContact(d1, orgId, item.contactId) : upsertContact(d1, orgId, item.contactId, item.identity, item.profileName, now),
  ];
  let listRow: { contact: number; conversation: number } | null = null;
  if (hasMessages) {
    if (item.publish) listRow = { contact: 0, conversation: statements.length };
    statements.push(upsertConversation(d1, row, item.projection, now, item.reopen));
  }
  for (const change of item.identityChanges) statements.push(...changeContactIdentity(d1, orgId, item.contactId, change, now));
  if (item.marketingOptOutAt !== null)
    statements.push(setMarketingOptOut(d1, orgId, item.contactId, true, item.marketingOptOutAt, now, "131050"));
  if (item.unreachableAt !== undefined)
    statements.push(setReachability(d1, orgId, item.contactId, item.unreachableAt, item.projection, now));
  if (item.counted && (item.counted.inbound || item.counted.outbound))
    statements.push(bumpMessageRollup(d1, orgId, item.phoneNumberId, item.counted, now));
  if (hasMessages && item.counted?.inbound)
    statements.push(...customerWrote(d1, orgId, item.conversationId, Math.min(item.projection.lastInboundAt ?? now, now)));
  if (hasMessages && item.counted?.outbound && item.responder)
    statements.push(...agentReplied(d1, orgId, item.conversationId, item.responder, now));
  return { statements, row: listRow };
}
