/** Conversation list rows: D1's conversation joined with its contact, in the shape clients render. */
import { and, eq, inArray } from "drizzle-orm";
import type { ConversationSummary } from "../protocol";
import type { Db } from "../../db/client";
import { contacts, conversations, type Contact, type Conversation } from "../../db/schema";

/** Meta's customer-service window: free-form messages are allowed for 24 h after the customer's last message. */
export const SERVICE_WINDOW_MS = 24 * 3600_000;

export function windowClosesAt(c: Pick<Conversation, "lastInboundAt" | "windowClosedAt">): number | null {
  if (c.lastInboundAt === null) return null;
  // Meta said 131047 after the customer's last message: closed, whatever our clock says.
  if (c.windowClosedAt !== null && c.windowClosedAt >= c.lastInboundAt) return c.windowClosedAt;
  return c.lastInboundAt + SERVICE_WINDOW_MS;
}

export const windowOpen = (c: Pick<Conversation, "lastInboundAt" | "windowClosedAt">, now = Date.now()) => (windowClosesAt(c) ?? 0) > now;

export function toSummary(c: Conversation, contact: Contact): ConversationSummary {
  return {
    id: c.id,
    contact: {
      id: contact.id,
      name: contact.displayName ?? contact.profileName,
      waId: contact.waId,
      userId: contact.userId,
      tags: contact.tags,
    },
    phoneNumberId: c.phoneNumberId,
    state: c.state,
    snoozedUntil: c.snoozedUntil,
    assigneeId: c.assigneeId,
    labels: c.labels,
    roomSeq: c.roomSeq,
    messageCount: c.messageCount,
    waitingCount: c.unreadCount,
    inboundCount: c.inboundCount,
    lastMessagePreview: c.lastMessagePreview,
    lastMessageDirection: c.lastMessageDirection,
    lastMessageAt: c.lastMessageAt,
    lastInboundAt: c.lastInboundAt,
    windowClosesAt: windowClosesAt(c),
  };
}

export async function summariesFor(db: Db, orgId: string, conversationIds: string[]): Promise<ConversationSummary[]> {
  if (!conversationIds.length) return [];
  const rows = await db
    .select({ c: conversations, contact: contacts })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(and(eq(conversations.orgId, orgId), inArray(conversations.id, conversationIds)))
    .all();
  return rows.map((r) => toSummary(r.c, r.contact));
}
