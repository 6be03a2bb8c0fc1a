/** Reading contacts as the API shows them, and telling the org's agents about edits. */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { toContactView, type ContactView } from "../../db/contact-view";
import { conversations, type Contact } from "../../db/schema";
import { contactNumbers } from "../../db/tables/crm";
import { summariesFor } from "../../durable/projection/conversation-summary";
import { findContact, type ContactEdit } from "./update-contact";

/** Views of rows with their earlier numbers (one query for the lot). */
export async function contactViews(db: Db, orgId: string, rows: Contact[]): Promise<ContactView[]> {
  if (!rows.length) return [];
  const numbers = await db
    .select({ contactId: contactNumbers.contactId, waId: contactNumbers.waId })
    .from(contactNumbers)
    .where(
      and(
        eq(contactNumbers.orgId, orgId),
        // One bound JSON array, not one variable per id: a 200-row page is past D1's 100 variables.
        sql`${contactNumbers.contactId} in (select value from json_each(${JSON.stringify(rows.map((r) => r.id))}))`,
      ),
    )
    .orderBy(desc(contactNumbers.replacedAt))
    .all();
  return rows.map((r) =>
    toContactView(
      r,
      numbers.filter((n) => n.contactId === r.id).map((n) => n.waId),
    ),
  );
}

export async function getContact(db: Db, orgId: string, id: string): Promise<ContactView> {
  const [view] = await contactViews(db, orgId, [await findContact(db, orgId, id)]);
  return view!;
}

/**
 * Sends an edit to every agent of the org (field by field, with its version), and, when the name or
 * tags changed, the contact's conversation rows too, since the inbox list shows them.
 */
export async function publishContactEdit(env: Env, db: Db, orgId: string, id: string, edit: ContactEdit, by: string | null): Promise<void> {
  const inbox = env.ORG_INBOX.getByName(orgId);
  await inbox.publishContacts([{ t: "contact", contactId: id, version: edit.version, changes: edit.changes, by }]);
  if ("displayName" in edit.changes || "tags" in edit.changes) {
    const convs = await db
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.orgId, orgId), eq(conversations.contactId, id)))
      .all();
    if (convs.length)
      await inbox.publish(
        await summariesFor(
          db,
          orgId,
          convs.map((c) => c.id),
        ),
      );
  }
}

/** Field-by-field frames for up to this many contacts; beyond it, one "reload" frame. */
const FRAMES_PER_BULK = 200;

export async function publishBulk(
  env: Env,
  orgId: string,
  rows: Contact[],
  writes: (keyof Contact)[],
  deletedIds: string[],
  by: string | null,
): Promise<void> {
  const inbox = env.ORG_INBOX.getByName(orgId);
  if (deletedIds.length) await inbox.publishContactsRemoved(deletedIds);
  if (!rows.length) return;
  if (rows.length > FRAMES_PER_BULK) return inbox.publishContactsChanged(rows.length);
  await inbox.publishContacts(
    rows.map((row) => {
      const view = toContactView(row);
      const changes: Partial<ContactView> = { updatedAt: row.updatedAt, marketingStatus: view.marketingStatus };
      for (const k of writes) (changes as Record<string, unknown>)[k] = view[k as keyof ContactView];
      return { t: "contact", contactId: row.id, version: row.version, changes, by };
    }),
  );
}
