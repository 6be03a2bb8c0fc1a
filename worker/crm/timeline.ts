/**
 * A contact's timeline: its conversations, what happened to it (stage moves, consent, owner, merges)
 * and its orders' status changes (placed, paid, shipped…), newest first.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { conversations } from "../../db/schema";
import { orderEvents, orders } from "../../db/tables/commerce";
import { contactEvents } from "../../db/tables/crm";
import { findContact } from "./update-contact";

export async function contactTimeline(db: Db, orgId: string, contactId: string, limit = 100) {
  await findContact(db, orgId, contactId);
  const [events, convs, orderMoves] = await db.batch([
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
    db
      .select({
        id: orderEvents.id,
        orderId: orderEvents.orderId,
        number: orders.number,
        toStatus: orderEvents.toStatus,
        totalMinor: orders.totalMinor,
        currency: orders.currency,
        byUserId: orderEvents.actorId,
        at: orderEvents.at,
      })
      .from(orderEvents)
      .innerJoin(orders, eq(orders.id, orderEvents.orderId))
      .where(and(eq(orders.orgId, orgId), eq(orders.contactId, contactId)))
      .orderBy(desc(orderEvents.at))
      .limit(limit),
  ]);
  return { events, conversations: convs, orders: orderMoves };
}
