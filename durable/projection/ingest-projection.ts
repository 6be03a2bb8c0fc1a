/**
 * What one conversation's ingest changes in D1, built inside its room from what the Worker resolved
 * (the customer, the identity the webhook named) and what the room's transaction answered. Built in
 * the room, not the Worker, so it can be committed in the same SQLite transaction as the messages
 * (the room's outbox, see room-outbox.ts) and the 200 need not wait for D1.
 */
import type { Identity, RoomIngestResult } from "../room-api";
import type { ConversationProjection, IdentityChange } from "./projection";

/** The Worker's half of a conversation's projection: who the customer is in D1 and what the webhook said about them. */
export interface ProjectionContext {
  contactId: string;
  phoneNumberId: string;
  identity: Identity;
  profileName?: string;
  identityChanges: IdentityChange[];
  /** D1 already has this customer's conversation row. */
  known: boolean;
  /** The events carry at least one message (statuses alone create no inbox row). */
  hasMessage: boolean;
}

/** What one conversation's room answer changes in D1, or nothing. */
export function ingestProjection(
  conversationId: string,
  ctx: ProjectionContext,
  result: Omit<RoomIngestResult, "counts"> & { counts: { stored: number } },
): ConversationProjection | null {
  // A status for a customer Parley has never stored a message from creates no inbox row.
  if (!ctx.hasMessage && !ctx.known) return null;
  // Delivery statuses (three per send, most of Meta's traffic) change nothing in the inbox row, only the
  // room's sequence: the room answers no projection and D1 is left alone, unless a failure closed the window.
  if (!result.projection) return null;
  return {
    kind: "conversation",
    conversationId,
    contactId: ctx.contactId,
    phoneNumberId: ctx.phoneNumberId,
    identity: ctx.identity,
    ...(ctx.profileName !== undefined && { profileName: ctx.profileName }),
    publish: result.changed > 0,
    reopen: result.customerWrote,
    projection: result.projection,
    identityChanges: ctx.identityChanges,
    marketingOptOutAt: result.marketingOptOutAt,
    ...(result.unreachableAt !== undefined && { unreachableAt: result.unreachableAt }),
    counted: { inbound: result.counts.stored, outbound: 0 },
    ...(result.search.length && { search: result.search }),
  };
}
