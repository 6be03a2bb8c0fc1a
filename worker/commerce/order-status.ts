/** The order status machine: which moves are allowed, and which statuses count as a sale. */
import type { OrderStatus } from "../../db/tables/commerce";

const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  draft: ["confirmed", "cancelled"],
  confirmed: ["paid", "shipped", "cancelled"],
  paid: ["shipped", "refunded"],
  shipped: ["delivered", "refunded"],
  delivered: ["refunded"],
  cancelled: [],
  refunded: [],
};

export const nextStatuses = (from: OrderStatus): readonly OrderStatus[] => NEXT[from];
export const canMove = (from: OrderStatus, to: OrderStatus) => NEXT[from].includes(to);

/** A sale: in revenue, purchase history and reorder predictions. Drafts are quotes; cancelled and refunded were undone. */
export const isCounted = (s: OrderStatus) => s === "confirmed" || s === "paid" || s === "shipped" || s === "delivered";

/** Lines and amounts can change only before the order counts. */
export const isEditable = (s: OrderStatus) => s === "draft";
