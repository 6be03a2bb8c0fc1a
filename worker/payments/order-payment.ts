/**
 * What a payment link's fate does to its order: paid moves a confirmed order to paid, a full refund
 * moves it to refunded (through the same status change agents make, so history, revenue and purchase
 * history follow), and every change reaches the inbox live. An order that moved on by hand meanwhile
 * (shipped before the money arrived, cancelled) keeps its status; the link's own state shows the payment.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { orders, type OrderStatus } from "../../db/tables/commerce";
import type { PaymentLink } from "../../db/tables/payments";
import { emitAutomation } from "../automation/events";
import { changeOrderStatus } from "../commerce/order-status-change";
import { canMove } from "../commerce/order-status";
import { publishOrders } from "../commerce/order-summary";
import { getOrder } from "../commerce/orders";
import { recomputeContactHistory } from "../commerce/purchase-history";

/** The order's row changes with its links (so the open dialog reloads them) and is announced. */
export async function touchOrder(env: Env, db: Db, orgId: string, orderId: string): Promise<void> {
  await db
    .update(orders)
    .set({ updatedAt: Date.now() })
    .where(and(eq(orders.id, orderId), eq(orders.orgId, orgId)))
    .run();
  await publishOrders(env.ORG_INBOX, orgId, [await getOrder(db, orgId, orderId)]);
}

/** Moves the order if it can go there; true when it did. */
async function move(db: Db, orgId: string, orderId: string, to: OrderStatus, note: string): Promise<boolean> {
  const order = await getOrder(db, orgId, orderId);
  if (!canMove(order.status, to)) return false;
  const change = await changeOrderStatus(db, orgId, orderId, to, null, note);
  if (change.counted) await recomputeContactHistory(db, orgId, change.order.contactId);
  return true;
}

export async function orderPaid(env: Env, db: Db, link: PaymentLink): Promise<void> {
  const { orgId, orderId } = link;
  const moved = await move(db, orgId, orderId, "paid", "Paid by card through the payment link");
  await touchOrder(env, db, orgId, orderId);
  if (!moved) return;
  const order = await getOrder(db, orgId, orderId);
  await emitAutomation(env, db, orgId, [
    {
      key: `order.paid:${link.id}`,
      type: "order.paid",
      contactId: order.contactId,
      // The chat the link went to: where a thank-you belongs.
      ...((link.conversationId ?? order.conversationId) && { conversationId: (link.conversationId ?? order.conversationId)! }),
      at: Date.now(),
    },
  ]);
}

export async function orderRefunded(env: Env, db: Db, orgId: string, orderId: string): Promise<void> {
  await move(db, orgId, orderId, "refunded", "Refunded in full through Stripe");
  await touchOrder(env, db, orgId, orderId);
}
