/**
 * Merging two contacts into one, atomically (one D1 batch): the survivor keeps its identity and takes,
 * field by field, its own value or the other's (the caller's `pick`, else the survivor's where it has
 * one); tags, labels and custom fields are united; the other's numbers become the survivor's earlier
 * numbers, so a message from either number reaches the survivor; its conversations, orders, events,
 * segment memberships and campaign recipients move over; an event and an audit entry record it; the
 * other contact is deleted. Derived purchase history is rebuilt for the survivor afterwards.
 *
 * Optimistic: the caller names each contact's version as it saw them; an edit made since (by anyone)
 * refuses the merge with 409 `contact_changed` and nothing written, checked when read and again inside
 * the batch, so an edit landing between the read and the commit cannot be merged over either.
 */
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../../../db/client";
import { contacts, conversations, type Contact, type CustomFieldValue } from "../../../db/schema";
import { campaignRecipients } from "../../../db/tables/campaigns";
import { orders } from "../../../db/tables/commerce";
import { contactEvents, contactNumbers, segmentMembers } from "../../../db/tables/crm";
import { contactCommerceStats, contactProductHistory, reorderPredictions } from "../../../db/tables/purchase-history";
import { AppError } from "../../errors";
import type { MergeBody } from "../../schemas/contacts";
import { findContact, type Actor } from "../update-contact";

/** Fields a merge chooses between (the rest are identity, activity or unions). */
export const MERGE_FIELDS = ["displayName", "email", "address", "language", "notes", "stage", "leadScore", "ownerId", "marketing"] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

const MARKETING = [
  "marketingOptInAt",
  "marketingOptInSource",
  "marketingOptInBasis",
  "marketingOptInBy",
  "marketingOptOutAt",
  "marketingOptOutSource",
  "marketingOptChangedAt",
] as const;
const LEAD_SCORE = ["leadScore", "leadScoreSource", "leadScoreBy", "leadScoreAt"] as const;

const empty = (v: unknown) => v === null || v === undefined || v === "";
const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];

/** The survivor's columns after the merge, and which fields took the other's value. */
export function mergedValues(survivor: Contact, other: Contact, pick: Record<string, "survivor" | "other">) {
  const set: Partial<Contact> = {};
  const fromOther: string[] = [];
  const choose = (field: string, mine: unknown, theirs: unknown) =>
    pick[field] === "other" || (pick[field] === undefined && empty(mine) && !empty(theirs));
  for (const field of ["displayName", "email", "address", "language", "notes", "stage", "ownerId"] as const) {
    if (choose(field, survivor[field], other[field])) {
      (set as Record<string, unknown>)[field] = other[field];
      fromOther.push(field);
    }
  }
  if (field("leadScore")) for (const k of LEAD_SCORE) (set as Record<string, unknown>)[k] = other[k];
  // Consent follows whichever record changed it last, unless the caller chose.
  const theirsNewer = (other.marketingOptChangedAt ?? 0) > (survivor.marketingOptChangedAt ?? 0);
  if (pick.marketing === "other" || (pick.marketing === undefined && theirsNewer)) {
    for (const k of MARKETING) (set as Record<string, unknown>)[k] = other[k];
    fromOther.push("marketing");
  }
  set.tags = union(survivor.tags, other.tags);
  set.labels = union(survivor.labels, other.labels);
  const fields: Record<string, CustomFieldValue> = { ...survivor.customFields };
  for (const [key, value] of Object.entries(other.customFields)) {
    if (pick[`custom.${key}`] === "other" || (pick[`custom.${key}`] === undefined && fields[key] === undefined)) {
      fields[key] = value;
      fromOther.push(`custom.${key}`);
    }
  }
  set.customFields = fields;
  if (!survivor.waId && other.waId) set.waId = other.waId;
  if (!survivor.userId && other.userId) set.userId = other.userId;
  if (!survivor.profileName && other.profileName) set.profileName = other.profileName;
  return { set, fromOther };

  function field(name: "leadScore") {
    if (!choose(name, survivor.leadScore, other.leadScore)) return false;
    fromOther.push(name);
    return true;
  }
}

export interface MergeResult {
  survivorId: string;
  removedId: string;
  /** Conversations that now belong to the survivor. */
  movedConversationIds: string[];
  hadOrders: boolean;
}

export async function mergeContacts(
  db: Db,
  actor: Actor,
  body: MergeBody,
  audit: BatchItem<"sqlite">,
  now = Date.now(),
): Promise<MergeResult> {
  const { orgId } = actor;
  if (body.survivorId === body.otherId) throw new AppError(422, "same_contact", "otherId: choose two different contacts to merge.");
  const unknown = Object.keys(body.pick).find(
    (k) => !(MERGE_FIELDS as readonly string[]).includes(k) && !/^custom\.[a-z][a-z0-9_]*$/.test(k),
  );
  if (unknown)
    throw new AppError(422, "invalid_pick", `pick.${unknown}: not a field a merge chooses (${MERGE_FIELDS.join(", ")}, custom.<key>).`);
  const [survivor, other] = await Promise.all([findContact(db, orgId, body.survivorId), findContact(db, orgId, body.otherId)]);
  assertSeen(survivor, body.survivorVersion);
  assertSeen(other, body.otherVersion);
  const { set, fromOther } = mergedValues(survivor, other, body.pick);
  const moved = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.orgId, orgId), eq(conversations.contactId, other.id)))
    .all();
  const [orderRow] = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.orgId, orgId), eq(orders.contactId, other.id)))
    .limit(1);

  const survivorNumbers = db.select({ waId: contactNumbers.waId }).from(contactNumbers).where(eq(contactNumbers.contactId, survivor.id));
  const finalWaId = set.waId ?? survivor.waId;
  const statements: BatchItem<"sqlite">[] = [
    // D1 has no RAISE outside triggers: json() of a non-JSON text is the error that rolls the batch back
    // when either contact's version moved after the read above.
    db
      .select({ guard: sql`json(iif(count(*) = 2, '1', ${STALE}))` })
      .from(contacts)
      .where(
        and(
          eq(contacts.orgId, orgId),
          or(
            and(eq(contacts.id, survivor.id), eq(contacts.version, survivor.version)),
            and(eq(contacts.id, other.id), eq(contacts.version, other.version)),
          ),
        ),
      ),
    // The other's earlier numbers become the survivor's, except ones it already holds (the pair is unique).
    db
      .delete(contactNumbers)
      .where(
        and(
          eq(contactNumbers.contactId, other.id),
          or(inArray(contactNumbers.waId, survivorNumbers), finalWaId ? eq(contactNumbers.waId, finalWaId) : undefined),
        ),
      ),
    db.update(contactNumbers).set({ contactId: survivor.id }).where(eq(contactNumbers.contactId, other.id)),
    // …and so does its current number, unless the survivor takes it as its own.
    ...(other.waId && other.waId !== finalWaId
      ? [
          db
            .insert(contactNumbers)
            .values({
              id: `cn_${crypto.randomUUID()}`,
              orgId,
              contactId: survivor.id,
              waId: other.waId,
              source: "merge",
              addedAt: other.createdAt,
              replacedAt: now,
            })
            .onConflictDoNothing(),
        ]
      : []),
    db
      .update(conversations)
      .set({ contactId: survivor.id })
      .where(and(eq(conversations.orgId, orgId), eq(conversations.contactId, other.id))),
    db
      .update(orders)
      .set({ contactId: survivor.id })
      .where(and(eq(orders.orgId, orgId), eq(orders.contactId, other.id))),
    db
      .update(contactEvents)
      .set({ contactId: survivor.id })
      .where(and(eq(contactEvents.orgId, orgId), eq(contactEvents.contactId, other.id))),
    db
      .delete(segmentMembers)
      .where(
        and(
          eq(segmentMembers.contactId, other.id),
          inArray(
            segmentMembers.segmentId,
            db.select({ s: segmentMembers.segmentId }).from(segmentMembers).where(eq(segmentMembers.contactId, survivor.id)),
          ),
        ),
      ),
    db.update(segmentMembers).set({ contactId: survivor.id }).where(eq(segmentMembers.contactId, other.id)),
    // A campaign that reached both keeps the survivor's recipient row; the other's stays with the campaign's counts.
    db
      .update(campaignRecipients)
      .set({ contactId: survivor.id })
      .where(
        and(
          eq(campaignRecipients.orgId, orgId),
          eq(campaignRecipients.contactId, other.id),
          sql`not exists (select 1 from ${campaignRecipients} r2 where r2.campaign_id = ${campaignRecipients.campaignId} and r2.contact_id = ${survivor.id})`,
        ),
      ),
    // Derived from orders: the other's rows go, the survivor's are rebuilt after the batch.
    db.delete(contactCommerceStats).where(and(eq(contactCommerceStats.orgId, orgId), eq(contactCommerceStats.contactId, other.id))),
    db.delete(contactProductHistory).where(and(eq(contactProductHistory.orgId, orgId), eq(contactProductHistory.contactId, other.id))),
    db.delete(reorderPredictions).where(and(eq(reorderPredictions.orgId, orgId), eq(reorderPredictions.contactId, other.id))),
    db
      .update(contacts)
      .set({
        ...set,
        // Activity from the conversations it now has (the triggers follow message times, not moves).
        conversationCount: sql`(select count(*) from ${conversations} c where c.contact_id = ${survivor.id})`,
        firstInboundAt: sql`(select min(c.last_inbound_at) from ${conversations} c where c.contact_id = ${survivor.id})`,
        lastInboundAt: sql`(select max(c.last_inbound_at) from ${conversations} c where c.contact_id = ${survivor.id})`,
        firstOutboundAt: minOf(survivor.firstOutboundAt, other.firstOutboundAt),
        lastOutboundAt: maxOf(survivor.lastOutboundAt, other.lastOutboundAt),
        createdAt: Math.min(survivor.createdAt, other.createdAt),
        version: sql`${contacts.version} + 1`,
        updatedAt: now,
      })
      .where(and(eq(contacts.id, survivor.id), eq(contacts.orgId, orgId))),
    db.insert(contactEvents).values({
      id: `ce_${crypto.randomUUID()}`,
      orgId,
      contactId: survivor.id,
      kind: "merge",
      detail: {
        mergedId: other.id,
        mergedName: other.displayName ?? other.profileName,
        mergedWaId: other.waId,
        mergedEmail: other.email,
        fromOther,
      },
      byUserId: actor.userId,
      at: now,
    }),
    audit,
    db.delete(contacts).where(and(eq(contacts.id, other.id), eq(contacts.orgId, orgId))),
  ];
  try {
    await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  } catch (err) {
    if (!isStale(err)) throw err;
    const [s, o] = await Promise.all([findContact(db, orgId, survivor.id), findContact(db, orgId, other.id)]);
    assertSeen(s, survivor.version);
    assertSeen(o, other.version);
    throw err;
  }
  return { survivorId: survivor.id, removedId: other.id, movedConversationIds: moved.map((m) => m.id), hadOrders: Boolean(orderRow) };
}

const STALE = "contact_changed";

/** The guard's failure: SQLite's "malformed JSON", somewhere in the error's cause chain (drizzle wraps D1's). */
function isStale(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (/malformed JSON/i.test(e.message)) return true;
  }
  return false;
}

function assertSeen(contact: Contact, seen: number): void {
  if (contact.version === seen) return;
  const name = contact.displayName ?? contact.profileName ?? contact.waId ?? contact.email ?? "This contact";
  throw new AppError(
    409,
    "contact_changed",
    `${name} was edited since you opened this merge (version ${seen}, now ${contact.version}). Nothing was merged: review the pair again.`,
    { contactId: contact.id, version: contact.version },
  );
}

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
