/**
 * Who a webhook's events belong to: which org owns each business number, and which contact each
 * customer identity is in that org. One D1 query on the primary for the whole webhook, asked fresh
 * every time: a number moves between organizations and must route to its new owner the moment the
 * move returns, in every isolate of both Workers, and isolates share no memory to invalidate a cache
 * in. The same holds for contacts, which merges and erasures change under a running isolate.
 */
import { and, eq, inArray, or } from "drizzle-orm";
import type { Identity } from "../../durable/room-api";
import type { Db } from "../../db/client";
import { contacts, whatsappNumbers } from "../../db/schema";
import { contactNumbers } from "../../db/tables/crm";
import { phoneVariants } from "../crm/phone-variants";

export interface ResolvedCustomer {
  contactId: string;
  conversationId: string;
  /** False when this webhook is the first time Parley hears of the customer. */
  known: boolean;
  /**
   * Found by a number the customer has since left (`contact_numbers`), or by the other form of a
   * Brazilian mobile (with or without its 9th digit): either way not the contact's current `wa_id`,
   * which such an event must not replace.
   */
  former?: boolean;
}

export interface WebhookRouting {
  /** phone_number_id → org id, or null for a number no org has connected. */
  owners: Map<string, string | null>;
  /** Per org, identityKey → the customer's contact and conversation. */
  customers: Map<string, Map<string, ResolvedCustomer>>;
}

export const identityKey = (c: Identity) => `${c.waId ?? ""}|${c.userId ?? ""}`;

/**
 * `identities` lists, per business number, the customers its events name. Ownership is read at the
 * moment the webhook is processed: an event is stored in the org that owned the number when its
 * webhook was received, and one received after a disconnect (or a connect elsewhere) returned can only
 * see the new state, since `db` reads the primary.
 */
export async function routeWebhook(db: Db, identities: Map<string, Identity[]>): Promise<WebhookRouting> {
  const all = [...identities.values()].flat();
  // Every form of each number: a Brazilian mobile stored with its 9th digit may write in without it, or the reverse.
  const waIds = [...new Set(all.flatMap((c) => (c.waId ? phoneVariants(c.waId) : [])))];
  const userIds = [...new Set(all.flatMap((c) => (c.userId ? [c.userId] : [])))];
  const matchesIdentity = or(
    waIds.length ? inArray(contacts.waId, waIds) : undefined,
    userIds.length ? inArray(contacts.userId, userIds) : undefined,
  );
  const numberIds = [...identities.keys()];
  const current = db
    .select({
      phoneNumberId: whatsappNumbers.phoneNumberId,
      orgId: whatsappNumbers.orgId,
      contactId: contacts.id,
      waId: contacts.waId,
      userId: contacts.userId,
    })
    .from(whatsappNumbers)
    .leftJoin(contacts, matchesIdentity ? and(eq(contacts.orgId, whatsappNumbers.orgId), matchesIdentity) : eq(contacts.id, ""))
    .where(inArray(whatsappNumbers.phoneNumberId, numberIds));
  // Numbers customers have left (Meta's user_changed_number), in the owning org: same round trip.
  const former = db
    .select({ orgId: contactNumbers.orgId, contactId: contactNumbers.contactId, waId: contactNumbers.waId })
    .from(contactNumbers)
    .innerJoin(whatsappNumbers, eq(whatsappNumbers.orgId, contactNumbers.orgId))
    .where(and(inArray(whatsappNumbers.phoneNumberId, numberIds), inArray(contactNumbers.waId, waIds.length ? waIds : [""])));
  const [rows, formerRows] = waIds.length ? await db.batch([current, former]) : [await current, []];
  const formerOwner = new Map(formerRows.map((r) => [`${r.orgId}|${r.waId}`, r.contactId]));

  const owners = new Map<string, string | null>([...identities.keys()].map((id) => [id, null]));
  // Per org: identity value → contact id, found by phone or by business-scoped user id.
  const known = new Map<string, Map<string, string>>();
  for (const row of rows) {
    owners.set(row.phoneNumberId, row.orgId);
    const byIdentity = known.get(row.orgId) ?? new Map<string, string>();
    known.set(row.orgId, byIdentity);
    if (!row.contactId) continue;
    if (row.waId) byIdentity.set(`w|${row.waId}`, row.contactId);
    if (row.userId) byIdentity.set(`u|${row.userId}`, row.contactId);
  }

  const customers = new Map<string, Map<string, ResolvedCustomer>>();
  for (const [phoneNumberId, list] of identities) {
    const orgId = owners.get(phoneNumberId);
    if (!orgId) continue;
    const byIdentity = known.get(orgId)!;
    const resolved = customers.get(orgId) ?? new Map<string, ResolvedCustomer>();
    customers.set(orgId, resolved);
    for (const c of list) {
      const key = identityKey(c);
      if (resolved.has(key)) continue;
      const found = (c.waId && byIdentity.get(`w|${c.waId}`)) || (c.userId && byIdentity.get(`u|${c.userId}`)) || undefined;
      // A number the customer has left, or the other form of their Brazilian mobile, still reaches
      // them, flagged so it does not replace the number the contact has (exact matches win first).
      const others = c.waId ? phoneVariants(c.waId).slice(1) : [];
      const formerly = found
        ? undefined
        : (others.map((v) => byIdentity.get(`w|${v}`)).find(Boolean) ??
          (c.waId ? [c.waId, ...others] : []).map((v) => formerOwner.get(`${orgId}|${v}`)).find(Boolean));
      const contactId = found ?? formerly ?? (await derivedContactId(orgId, c));
      // A second event of the same new customer in this webhook gets the same id.
      if (!found && !formerly) {
        if (c.waId) byIdentity.set(`w|${c.waId}`, contactId);
        if (c.userId) byIdentity.set(`u|${c.userId}`, contactId);
      }
      resolved.set(key, {
        contactId,
        conversationId: conversationIdFor(contactId),
        known: Boolean(found || formerly),
        ...(formerly && { former: true }),
      });
    }
  }
  return { owners, customers };
}

/** One conversation per customer: its id is the contact's, under its own prefix. */
export const conversationIdFor = (contactId: string) => `cv_${contactId.slice(3)}`;

/** A customer seen for the first time gets an id derived from the org and identity, so two webhooks racing for a new customer agree. */
async function derivedContactId(orgId: string, c: Identity): Promise<string> {
  const basis = c.waId ? `${orgId}|wa|${c.waId}` : `${orgId}|user|${c.userId}`;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(basis)));
  return `ct_${[...digest.slice(0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}
