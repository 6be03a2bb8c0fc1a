/**
 * Orders as the inbox socket reports them: the newest summary per order. Cards, the contact panel and the
 * orders screen read it, so a draft from WhatsApp or another agent's confirm shows without a reload.
 */
import { signal } from "@preact/signals";
import type { OrderSummary } from "../../../durable/protocol";

export const liveOrders = signal<ReadonlyMap<string, OrderSummary>>(new Map());

export function noteOrder(order: OrderSummary): void {
  const current = liveOrders.peek().get(order.id);
  if (current && current.updatedAt > order.updatedAt) return;
  const next = new Map(liveOrders.peek());
  next.set(order.id, order);
  liveOrders.value = next;
}

export const orderStatusLabels: Record<OrderSummary["status"], string> = {
  draft: "Draft",
  confirmed: "Confirmed",
  paid: "Paid",
  shipped: "Shipped",
  delivered: "Delivered",
  cancelled: "Cancelled",
  refunded: "Refunded",
};

export { nextStatuses } from "../../../worker/commerce/order-status";
