/** Orders as webhook events: created, and each status it moves to (numbers and totals, not lines). */
import type { Order } from "../../db/tables/commerce";
import { type OutgoingEvent, outgoingEvent } from "./events";

const orderData = (o: Order) => ({
  orderId: o.id,
  number: o.number,
  contactId: o.contactId,
  status: o.status,
  currency: o.currency,
  totalMinor: o.totalMinor,
});

export const orderCreated = (o: Order): Promise<OutgoingEvent[]> =>
  outgoingEvent(o.orgId, `order.created:${o.id}`, "order.created", o.createdAt, orderData(o)).then((e) => [e]);

/** `from` is the status it left; the cause names both, so a repeated request announces a move once. */
export const orderStatusChanged = (o: Order, from: string): Promise<OutgoingEvent[]> =>
  outgoingEvent(o.orgId, `order.status:${o.id}:${from}>${o.status}:${o.updatedAt}`, "order.status_changed", o.updatedAt, {
    ...orderData(o),
    from,
  }).then((e) => [e]);
