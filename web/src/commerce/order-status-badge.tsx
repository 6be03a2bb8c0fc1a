/** An order's status as a badge, coloured by where it stands. */
import type { OrderSummary } from "../../../durable/protocol";
import { orderStatusLabels } from "./order-live";

const tone: Record<OrderSummary["status"], string> = {
  draft: "badge",
  confirmed: "badge badge-accent",
  paid: "badge badge-success",
  shipped: "badge badge-accent",
  delivered: "badge badge-success",
  cancelled: "badge badge-warning",
  refunded: "badge badge-warning",
};

export function OrderStatusBadge({ status }: { status: OrderSummary["status"] }) {
  return <span class={tone[status]}>{orderStatusLabels[status]}</span>;
}
