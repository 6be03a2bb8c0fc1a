/** A contact the team adds by hand: the number normalized like an import's, refused if it is already a contact. */
import { and, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { ContactView } from "../../db/contact-view";
import { contacts } from "../../db/schema";
import { contactEvents, contactNumbers } from "../../db/tables/crm";
import { enforceLimit } from "../billing/enforce";
import { AppError } from "../errors";
import type { CreateContact } from "../schemas/contacts";
import { getContact } from "./contacts";
import { normalizePhone, phoneVariants } from "./phone-number";
import type { Actor } from "./update-contact";

export async function createContact(db: Db, actor: Actor, body: CreateContact, now = Date.now()): Promise<ContactView> {
  const { orgId } = actor;
  let waId: string | null = null;
  if (body.phone) {
    const phone = normalizePhone(body.phone, body.country);
    if (!phone.ok) throw new AppError(422, "invalid_phone", phone.message);
    waId = phone.waId;
  }
  const email = body.email?.toLowerCase() ?? null;
  const variants = waId ? phoneVariants(waId) : [];
  const [current, former] = await db.batch([
    db
      .select({ id: contacts.id })
      .from(contacts)
      .where(
        and(
          eq(contacts.orgId, orgId),
          or(variants.length ? inArray(contacts.waId, variants) : undefined, email ? eq(contacts.email, email) : undefined),
        ),
      )
      .limit(1),
    db
      .select({ id: contactNumbers.contactId })
      .from(contactNumbers)
      .where(and(eq(contactNumbers.orgId, orgId), inArray(contactNumbers.waId, variants.length ? variants : [""])))
      .limit(1),
  ]);
  const existing = current[0] ?? former[0];
  if (existing) {
    throw new AppError(409, "contact_exists", "A contact with this phone number or email already exists.", { contactId: existing.id });
  }
  await enforceLimit(db, orgId, "contacts");
  const id = `ct_${crypto.randomUUID().replaceAll("-", "")}`;
  await db.batch([
    db
      .insert(contacts)
      .values({ id, orgId, waId, email, displayName: body.displayName || null, version: 1, createdAt: now, updatedAt: now }),
    db
      .insert(contactEvents)
      .values({ id: `ce_${crypto.randomUUID()}`, orgId, contactId: id, kind: "created", detail: {}, byUserId: actor.userId, at: now }),
  ]);
  return getContact(db, orgId, id);
}
