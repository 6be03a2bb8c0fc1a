/** The orders screen's CSV: the same filters as the list, one row per order, amounts as plain decimals. */
import { desc, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { orders } from "../../db/tables/commerce";
import { toCsv } from "../csv/csv";
import type { ListOrdersQuery } from "../schemas/commerce";
import { formatAmount } from "./order-math";
import { orderFilters } from "./orders";

/** Beyond this an export belongs in a background job (the data export's queue), not a request. */
export const MAX_EXPORT_ORDERS = 20_000;

export async function exportOrdersCsv(db: Db, orgId: string, q: Omit<ListOrdersQuery, "limit" | "offset">): Promise<string> {
  const rows = await db
    .select({
      o: orders,
      contactName: sql<
        string | null
      >`(select coalesce(c.display_name, c.profile_name, c.wa_id) from contacts c where c.id = orders.contact_id)`,
      items: sql<string>`(select group_concat(l.quantity || ' × ' || coalesce(l.sku, l.name), '; ') from order_lines l where l.order_id = orders.id)`,
    })
    .from(orders)
    .where(orderFilters(orgId, q))
    .orderBy(desc(orders.createdAt))
    .limit(MAX_EXPORT_ORDERS)
    .all();
  const money = (v: number, cur: string) => formatAmount(v, cur);
  return toCsv(
    ["number", "created_at", "status", "source", "contact", "items", "currency", "subtotal", "discount", "tax", "shipping", "total"],
    rows.map(({ o, contactName, items }) => [
      o.number,
      new Date(o.createdAt).toISOString(),
      o.status,
      o.source,
      contactName,
      items,
      o.currency,
      money(o.subtotalMinor, o.currency),
      money(o.discountMinor, o.currency),
      money(o.taxMinor, o.currency),
      money(o.shippingMinor, o.currency),
      money(o.totalMinor, o.currency),
    ]),
  );
}
