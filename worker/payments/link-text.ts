/**
 * What the customer reads with a payment link, pure so the order dialog previews a template with exactly
 * the values the server sends.
 */
import type { Order } from "../../db/tables/commerce";
import { formatAmount } from "../commerce/order-math";

/** How long a link can be paid: Stripe's longest Checkout Session. */
export const LINK_LIFETIME_MS = 24 * 3600 * 1000;

const money = (minor: number, currency: string) => `${formatAmount(minor, currency)} ${currency}`;

export function paymentLinkText(order: Pick<Order, "number" | "totalMinor" | "currency">, url: string): string {
  return [
    `*Order #${order.number}* · ${money(order.totalMinor, order.currency)}`,
    "",
    "You can pay securely by card here:",
    url,
    "",
    "The link works for 24 hours.",
  ].join("\n");
}

/** The template's values, in {{n}} order: first name, order number, total, and the link. */
export function paymentLinkTemplateParams(
  order: Pick<Order, "number" | "totalMinor" | "currency">,
  contactName: string | null,
  url: string,
): string[] {
  return [contactName?.split(" ")[0] || "there", `#${order.number}`, money(order.totalMinor, order.currency), url];
}
