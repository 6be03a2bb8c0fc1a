/**
 * What drafts and auto-replies may say about the catalog and the customer's own orders, read from
 * Commerce's tables when the prompt is built: a price changed in the catalog is the price the next draft
 * quotes, with no copy in the knowledge base to fall behind. Orders go as number, date, status, items and
 * total only: never the delivery address, the notes or who created them.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { orderLines, orders, products } from "../../db/tables/commerce";
import { contactCommerceStats } from "../../db/tables/purchase-history";
import { type CommerceFacts, MAX_ORDERS, MAX_PRODUCTS } from "./commerce-lines";

export type { CommerceFacts };

/** Counted orders (confirmed and beyond) in every currency, from the purchase history Commerce keeps. */
export async function pastOrderCount(db: Db, orgId: string, contactId: string): Promise<number> {
  const row = await db
    .select({ n: sql<number>`coalesce(sum(${contactCommerceStats.orderCount}), 0)` })
    .from(contactCommerceStats)
    .where(and(eq(contactCommerceStats.orgId, orgId), eq(contactCommerceStats.contactId, contactId)))
    .get();
  return Number(row?.n ?? 0);
}

/** Three indexed reads: the catalog by name, the contact's latest orders with their lines, their order count. */
export async function loadCommerceFacts(db: Db, orgId: string, contactId: string | null): Promise<CommerceFacts> {
  const [catalog, recent, pastOrders] = await Promise.all([
    db
      .select({
        name: products.name,
        sku: products.sku,
        priceMinor: products.priceMinor,
        currency: products.currency,
        unit: products.unit,
        description: products.description,
        active: products.active,
      })
      .from(products)
      .where(eq(products.orgId, orgId))
      .orderBy(desc(products.active), asc(products.name))
      .limit(MAX_PRODUCTS)
      .all(),
    contactId
      ? db
          .select({
            id: orders.id,
            number: orders.number,
            status: orders.status,
            at: sql<number>`coalesce(${orders.placedAt}, ${orders.createdAt})`,
            currency: orders.currency,
            totalMinor: orders.totalMinor,
          })
          .from(orders)
          .where(and(eq(orders.orgId, orgId), eq(orders.contactId, contactId)))
          .orderBy(desc(orders.createdAt))
          .limit(MAX_ORDERS)
          .all()
      : Promise.resolve([]),
    contactId ? pastOrderCount(db, orgId, contactId) : Promise.resolve(0),
  ]);
  const lines = recent.length
    ? await db
        .select({ orderId: orderLines.orderId, name: orderLines.name, quantity: orderLines.quantity })
        .from(orderLines)
        .where(
          and(
            eq(orderLines.orgId, orgId),
            inArray(
              orderLines.orderId,
              recent.map((o) => o.id),
            ),
          ),
        )
        .orderBy(asc(orderLines.orderId), asc(orderLines.position))
        .all()
    : [];
  return {
    catalog,
    orders: recent.map(({ id, ...o }) => ({
      ...o,
      items: lines.filter((l) => l.orderId === id).map(({ name, quantity }) => ({ name, quantity })),
    })),
    pastOrders,
  };
}
