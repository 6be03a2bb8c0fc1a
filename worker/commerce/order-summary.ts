/** An order as the live frames carry it, and the push to every agent of the org. */
import type { Order } from "../../db/tables/commerce";
import type { OrderSummary } from "../../durable/protocol";

export const orderSummary = (o: Order): OrderSummary => ({
  id: o.id,
  number: o.number,
  contactId: o.contactId,
  conversationId: o.conversationId,
  status: o.status,
  source: o.source,
  currency: o.currency,
  totalMinor: o.totalMinor,
  sourceWamid: o.sourceWamid,
  updatedAt: o.updatedAt,
});

export function publishOrders(inboxes: Env["ORG_INBOX"], orgId: string, orders: Order[]): Promise<void> {
  return orders.length ? inboxes.getByName(orgId).publishOrders(orders.map(orderSummary)) : Promise.resolve();
}
