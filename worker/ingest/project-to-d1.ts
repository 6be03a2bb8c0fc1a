/**
 * The D1 side of an ingest: statements that mirror what the rooms returned. All idempotent, so the
 * whole webhook's projection goes out as one `batch()` and a retried webhook repairs rather than doubles.
 */
import { and, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Identity, RoomProjection } from "../../durable/room-api";
import type { Db } from "../db/client";
import { contacts, conversations } from "../db/schema";

export type Statement = BatchItem<"sqlite">;

export function upsertContact(db: Db, orgId: string, contactId: string, identity: Identity, profileName: string | undefined, now: number) {
  return db
    .insert(contacts)
    .values({ id: contactId, orgId, waId: identity.waId ?? null, userId: identity.userId ?? null, profileName: profileName ?? null, updatedAt: now })
    .onConflictDoUpdate({
      target: contacts.id,
      // Learn identities and names; never erase one because this webhook omitted it.
      set: {
        waId: sql`coalesce(excluded.wa_id, ${contacts.waId})`,
        userId: sql`coalesce(excluded.user_id, ${contacts.userId})`,
        profileName: sql`coalesce(excluded.profile_name, ${contacts.profileName})`,
        updatedAt: now,
      },
    });
}

/** A `system` message said the customer has a new phone or user id: the same contact keeps both. */
export function changeContactIdentity(db: Db, orgId: string, contactId: string, next: Identity, now: number): Statement {
  return db
    .update(contacts)
    .set({ ...(next.waId && { waId: next.waId }), ...(next.userId && { userId: next.userId }), updatedAt: now })
    .where(and(eq(contacts.orgId, orgId), eq(contacts.id, contactId)));
}

/** Opt-out changes apply in WhatsApp-time order, so a late "resume" cannot undo a newer "stop". */
export function setMarketingOptOut(db: Db, orgId: string, contactId: string, optOut: boolean, at: number, now: number): Statement {
  return db
    .update(contacts)
    .set({ marketingOptOutAt: optOut ? at : null, marketingOptChangedAt: at, updatedAt: now })
    .where(
      and(
        eq(contacts.orgId, orgId),
        eq(contacts.id, contactId),
        or(isNull(contacts.marketingOptChangedAt), lte(contacts.marketingOptChangedAt, at)),
      ),
    );
}

export function upsertConversation(
  db: Db,
  row: { orgId: string; conversationId: string; contactId: string; phoneNumberId: string },
  p: RoomProjection,
  now: number,
  /** A customer wrote: a closed or snoozed conversation comes back to the inbox. */
  reopen = false,
) {
  const projected = {
    roomSeq: p.roomSeq,
    messageCount: p.messageCount,
    unreadCount: p.unreadCount,
    inboundCount: p.inboundCount,
    lastMessageSeq: p.lastMessageSeq,
    lastMessagePreview: p.lastMessagePreview,
    lastMessageDirection: p.lastMessageDirection,
    lastMessageAt: p.lastMessageAt,
    lastInboundAt: p.lastInboundAt,
    windowClosedAt: p.windowClosedAt,
    referral: p.referral,
    updatedAt: now,
  };
  return db
    .insert(conversations)
    .values({ id: row.conversationId, orgId: row.orgId, contactId: row.contactId, phoneNumberId: row.phoneNumberId, ...projected })
    .onConflictDoUpdate({
      target: conversations.id,
      set: { ...projected, phoneNumberId: row.phoneNumberId, ...(reopen && { state: "open" as const, snoozedUntil: null }) },
      // Rooms answer in parallel; an older answer landing late must not roll the row back.
      setWhere: sql`excluded.room_seq >= ${conversations.roomSeq}`,
    });
}
