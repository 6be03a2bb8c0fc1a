/**
 * What drafts and auto-replies may say about the catalog and the customer's own orders, read from
 * Commerce's tables when the prompt is built: a price changed in the catalog is the price the next draft
 * quotes, with no copy in the knowledge base to fall behind. Orders go as number, date, status, items and
 * total only: never the delivery address, the notes or who created them.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { orderLines, orders, products, type OrderStatus } from "../../db/tables/commerce";
import { contactCommerceStats } from "../../db/tables/purchase-history";
import { minorDigits } from "../commerce/order-math";

/** A small shop's whole catalog fits; a bigger one sends its first products by name (active first). */
export const MAX_PRODUCTS = 80;
export const MAX_CATALOG_CHARS = 8_000;
/** The customer's latest orders, enough to answer "where is my order" and "the same as last time". */
export const MAX_ORDERS = 5;

export interface CatalogItem {
  name: string;
  sku: string;
  priceMinor: number;
  currency: string;
  unit: string;
  description: string | null;
  active: boolean;
}

export interface OrderFact {
  number: number;
  status: OrderStatus;
  at: number;
  currency: string;
  totalMinor: number;
  items: { name: string; quantity: number }[];
}

export interface CommerceFacts {
  catalog: CatalogItem[];
  orders: OrderFact[];
  /** Counted orders (confirmed and beyond) over the customer's lifetime, for the lead score. */
  pastOrders: number;
}

const LOCALES: Record<string, string> = { pt: "pt-PT", es: "es-ES", en: "en-IE" };

/** 3499 EUR → "34,99 €" in Portuguese and Spanish, "€34.99" in English: the way the customer reads prices. */
export function formatPrice(minor: number, currency: string, language: string): string {
  const digits = minorDigits(currency);
  const major = minor / 10 ** digits;
  try {
    return (
      new Intl.NumberFormat(LOCALES[language] ?? "en-IE", {
        style: "currency",
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      })
        .format(major)
        // Intl puts a no-break space before "€"; customers (and models) type a plain one.
        .replace(/[\u00a0\u202f]/g, " ")
    );
  } catch {
    return `${major.toFixed(digits)} ${currency}`;
  }
}

const oneLine = (s: string, max: number) =>
  s
    .replace(/[\s:]+/g, " ")
    .trim()
    .slice(0, max);

/** `- <name> (<sku>): <price> per <unit>. <description>` per product; titles carry no colon (the line's separator). */
export function catalogLines(items: CatalogItem[], language: string): string[] {
  const lines: string[] = [];
  let chars = 0;
  for (const p of items) {
    const what = p.active
      ? `${formatPrice(p.priceMinor, p.currency, language)} per ${oneLine(p.unit, 20)}, available.`
      : "not available at the moment.";
    const line = `- ${oneLine(p.name, 120)} (${oneLine(p.sku, 40)}): ${what}${p.description ? ` ${oneLine(p.description, 200)}` : ""}`;
    if (chars + line.length > MAX_CATALOG_CHARS) break;
    lines.push(line);
    chars += line.length;
  }
  return lines;
}

export function orderFactLines(list: OrderFact[], language: string): string[] {
  return list.map((o) => {
    const items = o.items.map((i) => `${i.quantity} × ${oneLine(i.name, 80)}`).join(", ");
    const day = new Date(o.at).toISOString().slice(0, 10);
    return `- Order #${o.number} (${day}, ${o.status}): ${items || "no items"}; total ${formatPrice(o.totalMinor, o.currency, language)}.`;
  });
}

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
