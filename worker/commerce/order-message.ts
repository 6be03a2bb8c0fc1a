/**
 * The order's summary sent to its customer on WhatsApp: its lines, totals and current status, as text
 * while the 24-hour window is open; after it, through an approved template whose {{n}} are filled in
 * order with the customer's first name, the order number and "<status>, total <amount>". It goes out
 * through the conversation's ordinary send (room, queue, Graph API), so it shows in the chat and its
 * ticks move like any message.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import type { Db } from "../../db/client";
import { conversations, type Conversation } from "../../db/schema";
import type { Order } from "../../db/tables/commerce";
import type { Message } from "../../durable/protocol";
import { windowOpen } from "../../durable/projection/conversation-summary";
import { AppError } from "../errors";
import { sendMessage } from "../inbox/send-message";
import type { OrderMessageBody } from "../schemas/commerce";
import { orderSummaryText, orderTemplateParams } from "./order-message-text";
import { orderDetail } from "./orders";

/** The order's own conversation, else the contact's latest one. */
export async function conversationFor(db: Db, order: Order): Promise<Conversation> {
  const own = order.conversationId
    ? await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.orgId, order.orgId), eq(conversations.id, order.conversationId)))
        .get()
    : undefined;
  const conv =
    own ??
    (await db
      .select()
      .from(conversations)
      .where(and(eq(conversations.orgId, order.orgId), eq(conversations.contactId, order.contactId)))
      .orderBy(desc(conversations.lastMessageAt))
      .get());
  if (!conv)
    throw new AppError(409, "no_conversation", "This customer has never written on WhatsApp, so there is no chat to send the order to.");
  return conv;
}

export async function sendOrderMessage(
  c: Context<AppEnv>,
  db: Db,
  orgId: string,
  orderId: string,
  body: OrderMessageBody,
): Promise<{ message: Message; conversationId: string; duplicate: boolean }> {
  const detail = await orderDetail(db, orgId, orderId);
  const order = { ...detail.order, orgId } as Order;
  const conv = await conversationFor(db, order);
  if (!body.template && !windowOpen(conv))
    throw new AppError(
      422,
      "window_closed",
      "The 24-hour window since the customer's last message has closed: pick an approved template to send the order with.",
    );
  const sent = await sendMessage(
    c,
    db,
    conv,
    body.template
      ? {
          type: "template",
          clientId: body.clientId,
          name: body.template.name,
          language: body.template.language,
          params: orderTemplateParams(order, detail.order.contactName),
        }
      : { type: "text", clientId: body.clientId, text: orderSummaryText(order, detail.lines) },
  );
  return { ...sent, conversationId: conv.id };
}
