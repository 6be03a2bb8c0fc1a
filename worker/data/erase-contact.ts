/**
 * End-customer erasure (the business is the controller and asks): the contact, their conversation's
 * room (every message, status, reaction and note), their media and uploads in R2, and every D1 row
 * that hangs off the contact or conversation by foreign key (orders, read cursors), and their messages in
 * the search index. The audit entry
 * records that an erasure happened and who did it, not whom or what it erased.
 */
import { automationRuns } from "../../db/tables/automation";
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { auditEntry } from "../audit/audit-log";
import type { Db } from "../../db/client";
import { contacts, conversations } from "../../db/schema";
import { roomStub } from "../../durable/room-stub";
import { AppError } from "../errors";
import { deletePrefix } from "./backups";

export async function eraseContact(c: Context<AppEnv>, db: Db, contactId: string): Promise<{ messages: number }> {
  const { org } = c.get("auth");
  const contact = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.orgId, org.id)))
    .get();
  if (!contact) throw new AppError(404, "contact_not_found", "No such contact in your organization.");
  const convs = await db
    .select({ id: conversations.id, messageCount: conversations.messageCount })
    .from(conversations)
    .where(and(eq(conversations.contactId, contact.id), eq(conversations.orgId, org.id)))
    .all();
  for (const conv of convs) {
    // The room first: if anything after fails, a retry finds the rows and erases again.
    await roomStub(c.env.CONVERSATION_ROOM, org.id, conv.id).destroy();
    await deletePrefix(c.env.MEDIA, `media/${org.id}/${conv.id}/`);
    await deletePrefix(c.env.MEDIA, `uploads/${org.id}/${conv.id}/`);
  }
  if (convs.length)
    await c.env.ORG_INBOX.getByName(org.id).forgetInSearch(
      org.id,
      convs.map((cv) => cv.id),
    );
  await db.batch([
    db.delete(contacts).where(and(eq(contacts.id, contact.id), eq(contacts.orgId, org.id))),
    // The run log names the contact and quotes what matched in their messages.
    db.delete(automationRuns).where(and(eq(automationRuns.contactId, contact.id), eq(automationRuns.orgId, org.id))),
    auditEntry(c, db, { orgId: org.id, action: "data.contact_erased" }),
  ]);
  // Every agent's contact screens and inbox lists drop them at once.
  await c.env.ORG_INBOX.getByName(org.id).publishContactsRemoved([contact.id]);
  return { messages: convs.reduce((n, cv) => n + cv.messageCount, 0) };
}
