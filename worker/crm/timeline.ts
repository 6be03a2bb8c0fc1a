/** A contact's timeline: its conversations and what happened to it (stage moves, consent, owner, merges), newest first. */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { conversations } from "../../db/schema";
import { contactEvents } from "../../db/tables/crm";
import { findContact } from "./update-contact";

export async function contactTimeline(db: Db, orgId: string, contactId: string, limit = 100) {
  await findContact(db, orgId, contactId);
  const [events, convs] = await db.batch([
    db
      .select({
        id: contactEvents.id,
        kind: contactEvents.kind,
        detail: contactEvents.detail,
        byUserId: contactEvents.byUserId,
        at: contactEvents.at,
      })
      .from(contactEvents)
      .where(and(eq(contactEvents.orgId, orgId), eq(contactEvents.contactId, contactId)))
      .orderBy(desc(contactEvents.at))
      .limit(limit),
    db
      .select({
        id: conversations.id,
        state: conversations.state,
        messageCount: conversations.messageCount,
        lastMessagePreview: conversations.lastMessagePreview,
        lastMessageAt: conversations.lastMessageAt,
        createdAt: conversations.createdAt,
      })
      .from(conversations)
      .where(and(eq(conversations.orgId, orgId), eq(conversations.contactId, contactId)))
      .orderBy(desc(conversations.lastMessageAt)),
  ]);
  return { events, conversations: convs };
}
