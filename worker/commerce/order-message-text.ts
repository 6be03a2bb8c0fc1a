/**
 * What the customer reads when an order is sent to them (order-message.ts), pure so the inbox shows the
 * template's preview with exactly the values the server will send.
 */
import type { Order, OrderLine } from "../../db/tables/commerce";
import { formatAmount } from "./order-math";

const STATUS_TEXT: Record<Order["status"], string> = {
  draft: "Quote",
  confirmed: "Confirmed",
  paid: "Paid",
  shipped: "Shipped",
  delivered: "Delivered",
  cancelled: "Cancelled",
  refunded: "Refunded",
};

const money = (minor: number, currency: string) => `${formatAmount(minor, currency)} ${currency}`;

/** What the customer reads: plain lines WhatsApp shows well on a phone (no tables, *bold* for totals). */
export function orderSummaryText(order: Order, lines: Pick<OrderLine, "name" | "quantity" | "lineTotalMinor">[]): string {
  const c = order.currency;
  const rows = [
    `*Order #${order.number}* · ${STATUS_TEXT[order.status]}`,
    "",
    ...lines.map((l) => `${l.quantity} × ${l.name} — ${money(l.lineTotalMinor, c)}`),
    "",
    ...(order.discountMinor ? [`Discount: −${money(order.discountMinor, c)}`] : []),
    ...(order.taxMinor ? [`Tax: ${money(order.taxMinor, c)}`] : []),
    ...(order.shippingMinor ? [`Shipping: ${money(order.shippingMinor, c)}`] : []),
    `*Total: ${money(order.totalMinor, c)}*`,
  ];
  return rows.join("\n");
}

/** The template's values, in {{n}} order: first name, order number, status and total. */
export function orderTemplateParams(
  order: Pick<Order, "number" | "status" | "totalMinor" | "currency">,
  contactName: string | null,
): string[] {
  return [
    contactName?.split(" ")[0] || "there",
    `#${order.number}`,
    `${STATUS_TEXT[order.status].toLowerCase()}, total ${money(order.totalMinor, order.currency)}`,
  ];
}
