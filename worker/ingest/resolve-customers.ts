/**
 * Which org owns a business number, and which contact a customer identity belongs to. Both answers are
 * cached per isolate; a cold lookup is one D1 query for the whole webhook, not one per message.
 */
import { and, eq, inArray, or } from "drizzle-orm";
import type { Identity } from "../../durable/room-api";
import type { Db } from "../../db/client";
import { contacts, whatsappNumbers } from "../../db/schema";
import { TtlCache } from "./ttl-cache";

const numberOwners = new TtlCache<string | null>(10_000);
const contactIds = new TtlCache<string>(100_000);
const OWNER_TTL_MS = 60_000;
/** Unknown numbers are re-checked soon, so a freshly connected number starts working quickly. */
const UNKNOWN_OWNER_TTL_MS = 5_000;
const CONTACT_TTL_MS = 10 * 60_000;

export function clearRoutingCaches(): void {
  numberOwners.clear();
  contactIds.clear();
}

/** phone_number_id → org id, or null for a number no org has connected. */
export async function resolveNumberOwners(db: Db, phoneNumberIds: string[]): Promise<Map<string, string | null>> {
  const owners = new Map<string, string | null>();
  const missing: string[] = [];
  for (const id of phoneNumberIds) {
    const hit = numberOwners.get(id);
    if (hit === undefined) missing.push(id);
    else owners.set(id, hit);
  }
  if (missing.length) {
    const rows = await db
      .select({ phoneNumberId: whatsappNumbers.phoneNumberId, orgId: whatsappNumbers.orgId })
      .from(whatsappNumbers)
      .where(inArray(whatsappNumbers.phoneNumberId, missing));
    for (const id of missing) {
      const orgId = rows.find((r) => r.phoneNumberId === id)?.orgId ?? null;
      owners.set(id, orgId);
      numberOwners.set(id, orgId, orgId ? OWNER_TTL_MS : UNKNOWN_OWNER_TTL_MS);
    }
  }
  return owners;
}

export interface ResolvedCustomer {
  contactId: string;
  conversationId: string;
  /** False when this webhook is the first time Parley hears of the customer. */
  known: boolean;
}

const cacheKey = (orgId: string, kind: "w" | "u", value: string) => `${orgId}|${kind}|${value}`;
export const identityKey = (c: Identity) => `${c.waId ?? ""}|${c.userId ?? ""}`;

/**
 * Finds each customer's contact by phone or by business-scoped user id. A customer seen for the first
 * time gets an id derived from the org and identity, so two webhooks racing for a new customer agree.
 */
export async function resolveCustomers(db: Db, orgId: string, customers: Identity[]): Promise<Map<string, ResolvedCustomer>> {
  const resolved = new Map<string, ResolvedCustomer>();
  const lookup = (c: Identity) =>
    (c.waId && contactIds.get(cacheKey(orgId, "w", c.waId))) || (c.userId && contactIds.get(cacheKey(orgId, "u", c.userId))) || undefined;

  const misses = customers.filter((c) => !lookup(c));
  if (misses.length) {
    const waIds = misses.flatMap((c) => (c.waId ? [c.waId] : []));
    const userIds = misses.flatMap((c) => (c.userId ? [c.userId] : []));
    const rows = await db
      .select({ id: contacts.id, waId: contacts.waId, userId: contacts.userId })
      .from(contacts)
      .where(
        and(
          eq(contacts.orgId, orgId),
          or(waIds.length ? inArray(contacts.waId, waIds) : undefined, userIds.length ? inArray(contacts.userId, userIds) : undefined),
        ),
      );
    for (const row of rows) remember(orgId, row);
  }

  for (const c of customers) {
    const found = lookup(c);
    const contactId = found ?? (await derivedContactId(orgId, c));
    if (!found) remember(orgId, { id: contactId, waId: c.waId ?? null, userId: c.userId ?? null });
    resolved.set(identityKey(c), { contactId, conversationId: conversationIdFor(contactId), known: Boolean(found) });
  }
  return resolved;
}

/** Forget a contact's identities after they changed (a customer's new number). */
export function forgetIdentity(orgId: string, identity: Identity): void {
  if (identity.waId) contactIds.delete(cacheKey(orgId, "w", identity.waId));
  if (identity.userId) contactIds.delete(cacheKey(orgId, "u", identity.userId));
}

function remember(orgId: string, row: { id: string; waId: string | null; userId: string | null }): void {
  if (row.waId) contactIds.set(cacheKey(orgId, "w", row.waId), row.id, CONTACT_TTL_MS);
  if (row.userId) contactIds.set(cacheKey(orgId, "u", row.userId), row.id, CONTACT_TTL_MS);
}

/** One conversation per customer: its id is the contact's, under its own prefix. */
export const conversationIdFor = (contactId: string) => `cv_${contactId.slice(3)}`;

async function derivedContactId(orgId: string, c: Identity): Promise<string> {
  const basis = c.waId ? `${orgId}|wa|${c.waId}` : `${orgId}|user|${c.userId}`;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(basis)));
  return `ct_${[...digest.slice(0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}
