/**
 * The D1 side of an ingest: statements that mirror what the rooms returned. All idempotent, so a whole
 * burst of webhooks' projections goes out as one `batch()` and a retried webhook repairs rather than
 * doubles. The three that run for every message (contact upsert, conversation upsert, contact read) are
 * prepared once per isolate with placeholders: drizzle building their SQL per call was 16% of the
 * runtime's CPU under batched ingest (a profile of `npm run bench -- ingest`).
 */
import { and, eq, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { Identity, RoomProjection } from "../room-api";
import type { IdentityChange } from "./projection";
import { openDb } from "../../db/client";
import { bindBuilt, bindPrepared, prepared, type BatchStatement } from "../../db/prepared";
import { contacts, conversations } from "../../db/schema";
import { contactNumbers } from "../../db/tables/crm";

const ph = sql.placeholder;

const contactUpsert = (db: DrizzleD1Database) =>
  db
    .insert(contacts)
    .values({
      id: ph("id"),
      orgId: ph("orgId"),
      waId: ph("waId"),
      userId: ph("userId"),
      profileName: ph("profileName"),
      updatedAt: ph("now"),
    })
    .onConflictDoUpdate({
      target: contacts.id,
      // Learn identities and names; never erase one because this webhook omitted it.
      set: {
        waId: sql`coalesce(excluded.wa_id, ${contacts.waId})`,
        userId: sql`coalesce(excluded.user_id, ${contacts.userId})`,
        profileName: sql`coalesce(excluded.profile_name, ${contacts.profileName})`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .returning()
    .prepare();

const contactById = (db: DrizzleD1Database) =>
  db
    .select()
    .from(contacts)
    .where(and(eq(contacts.orgId, ph("orgId")), eq(contacts.id, ph("id"))))
    .prepare();

/** The row's fields a room projection sets, each named as in RoomProjection. */
const PROJECTED = [
  "roomSeq",
  "messageCount",
  "unreadCount",
  "inboundCount",
  "lastMessageSeq",
  "lastMessagePreview",
  "lastMessageDirection",
  "lastMessageAt",
  "lastInboundAt",
  "windowClosedAt",
  "referral",
  "firstReferral",
] as const satisfies readonly (keyof RoomProjection & keyof typeof conversations.$inferInsert)[];

const excluded = (column: { name: string }) => sql.raw(`excluded.${column.name}`);

const conversationUpsert = (reopen: boolean) => (db: DrizzleD1Database) => {
  const updates: Record<string, SQL | null> = Object.fromEntries(PROJECTED.map((k) => [k, excluded(conversations[k])]));
  return db
    .insert(conversations)
    .values({
      id: ph("id"),
      orgId: ph("orgId"),
      contactId: ph("contactId"),
      phoneNumberId: ph("phoneNumberId"),
      updatedAt: ph("now"),
      ...Object.fromEntries(PROJECTED.map((k) => [k, ph(k)])),
    })
    .onConflictDoUpdate({
      target: conversations.id,
      set: {
        ...updates,
        phoneNumberId: excluded(conversations.phoneNumberId),
        updatedAt: excluded(conversations.updatedAt),
        // A customer wrote: a closed or snoozed conversation comes back to the inbox.
        ...(reopen && { state: "open" as const, snoozedUntil: null }),
      },
      // Rooms answer in parallel; an older answer landing late must not roll the row back.
      setWhere: sql`excluded.room_seq >= ${conversations.roomSeq}`,
    })
    .returning()
    .prepare();
};
const conversationUpsertReopening = conversationUpsert(true);
const conversationUpsertKeepingState = conversationUpsert(false);

/** Returns the contact row. */
export function upsertContact(
  d1: D1Database,
  orgId: string,
  contactId: string,
  identity: Identity,
  profileName: string | undefined,
  now: number,
): BatchStatement {
  return bindPrepared(d1, prepared(d1, contactUpsert), {
    id: contactId,
    orgId,
    waId: identity.waId ?? null,
    userId: identity.userId ?? null,
    profileName: profileName ?? null,
    now,
  });
}

/** Returns the contact row, unchanged. */
export const readContact = (d1: D1Database, orgId: string, contactId: string): BatchStatement =>
  bindPrepared(d1, prepared(d1, contactById), { orgId, id: contactId });

/** Returns the conversation row, or none when the row already holds a newer state. */
export function upsertConversation(
  d1: D1Database,
  row: { orgId: string; conversationId: string; contactId: string; phoneNumberId: string },
  p: RoomProjection,
  now: number,
  reopen = false,
): BatchStatement {
  const query = prepared(d1, reopen ? conversationUpsertReopening : conversationUpsertKeepingState);
  const projected = Object.fromEntries(PROJECTED.map((k) => [k, p[k]]));
  return bindPrepared(d1, query, {
    id: row.conversationId,
    orgId: row.orgId,
    contactId: row.contactId,
    phoneNumberId: row.phoneNumberId,
    now,
    ...projected,
  });
}

/**
 * A `system` message said the customer has a new number or user id: the same contact keeps both. The
 * trigger on `contacts.wa_id` (migrations 0005) moves the number they left into `contact_numbers`, so
 * webhooks naming it still route here; it stamps the wall clock, and the change's WhatsApp time is
 * put on it after. Idempotent, for retried webhooks.
 */
export function changeContactIdentity(
  d1: D1Database,
  orgId: string,
  contactId: string,
  change: IdentityChange,
  now: number,
): BatchStatement[] {
  const { previous, next, at } = change;
  const db = openDb(d1);
  const statements = [
    bindBuilt(
      d1,
      db
        .update(contacts)
        .set({ ...(next.waId && { waId: next.waId }), ...(next.userId && { userId: next.userId }), updatedAt: now })
        .where(and(eq(contacts.orgId, orgId), eq(contacts.id, contactId))),
    ),
  ];
  if (previous.waId && next.waId && previous.waId !== next.waId)
    statements.push(
      bindBuilt(
        d1,
        db
          .update(contactNumbers)
          .set({ replacedAt: at })
          .where(and(eq(contactNumbers.orgId, orgId), eq(contactNumbers.contactId, contactId), eq(contactNumbers.waId, previous.waId))),
      ),
    );
  return statements;
}

/** Opt-out changes apply in WhatsApp-time order, so a late "resume" cannot undo a newer "stop". */
export function setMarketingOptOut(
  d1: D1Database,
  orgId: string,
  contactId: string,
  optOut: boolean,
  at: number,
  now: number,
  /** Where the stop came from, kept beside it: `user_preferences` (the customer tapped Stop) or `131050`. */
  source: "user_preferences" | "131050" = "user_preferences",
): BatchStatement {
  return bindBuilt(
    d1,
    openDb(d1)
      .update(contacts)
      .set({
        marketingOptOutAt: optOut ? at : null,
        marketingOptOutSource: optOut ? source : null,
        marketingOptChangedAt: at,
        updatedAt: now,
      })
      .where(
        and(
          eq(contacts.orgId, orgId),
          eq(contacts.id, contactId),
          or(isNull(contacts.marketingOptChangedAt), lte(contacts.marketingOptChangedAt, at)),
        ),
      ),
  );
}

/**
 * Possibly unreachable since Meta's 131026, or reachable again. Rooms answer in parallel and their
 * projections may land out of order, so both directions check WhatsApp time against the other: the flag
 * is set only if the customer has not written since (the conversation row, written earlier in this same
 * batch, holds their last message), and cleared only if it is older than the message that clears it.
 */
export function setReachability(
  d1: D1Database,
  orgId: string,
  contactId: string,
  unreachableAt: number | null,
  p: RoomProjection,
  now: number,
): BatchStatement {
  const contact = and(eq(contacts.orgId, orgId), eq(contacts.id, contactId));
  const update = openDb(d1).update(contacts);
  if (unreachableAt === null) {
    const wroteAt = p.lastInboundAt ?? now;
    return bindBuilt(d1, update.set({ unreachableAt: null, updatedAt: now }).where(and(contact, lte(contacts.unreachableAt, wroteAt))));
  }
  const wroteSince = sql`EXISTS (SELECT 1 FROM ${conversations} WHERE ${conversations.contactId} = ${contactId} AND ${conversations.lastInboundAt} >= ${unreachableAt})`;
  return bindBuilt(
    d1,
    update
      .set({ unreachableAt, updatedAt: now })
      .where(and(contact, sql`NOT ${wroteSince}`, or(isNull(contacts.unreachableAt), lte(contacts.unreachableAt, unreachableAt)))),
  );
}
