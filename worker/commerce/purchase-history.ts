/**
 * A contact's purchase history and reorder predictions, rebuilt from their own counted orders whenever
 * one of those orders starts or stops counting. Derived and idempotent: running it twice writes the
 * same rows, so a retry can never double anything. Costs one contact's orders, never a scan of the org.
 */
import { and, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { orderLines, orders, products } from "../../db/tables/commerce";
import { contactCommerceStats, contactProductHistory, type Purchase, reorderPredictions } from "../../db/tables/purchase-history";
import { median, type OrgMedian, predictReorder } from "./reorder-prediction";

const COUNTED = ["confirmed", "paid", "shipped", "delivered"] as const;
/** Purchases kept per contact × product: enough for a robust median, bounded for the row. */
const KEEP_PURCHASES = 24;
/** Other customers' intervals an org-wide median reads at most (the most recent ones). */
const ORG_SAMPLE = 500;

export async function recomputeContactHistory(db: Db, orgId: string, contactId: string): Promise<void> {
  const counted = and(eq(orders.orgId, orgId), eq(orders.contactId, contactId), inArray(orders.status, [...COUNTED]));
  const [orderRows, lineRows] = await Promise.all([
    db
      .select({
        currency: orders.currency,
        totalMinor: orders.totalMinor,
        at: sql<number>`coalesce(${orders.placedAt}, ${orders.createdAt})`,
      })
      .from(orders)
      .where(counted)
      .all(),
    db
      .select({
        productId: orderLines.productId,
        quantity: orderLines.quantity,
        at: sql<number>`coalesce(${orders.placedAt}, ${orders.createdAt})`,
      })
      .from(orderLines)
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(and(counted, isNotNull(orderLines.productId)))
      .all(),
  ]);

  const stats = new Map<string, { orderCount: number; lifetimeMinor: number; firstOrderAt: number; lastOrderAt: number }>();
  for (const o of orderRows) {
    const s = stats.get(o.currency) ?? { orderCount: 0, lifetimeMinor: 0, firstOrderAt: o.at, lastOrderAt: o.at };
    s.orderCount++;
    s.lifetimeMinor += o.totalMinor;
    s.firstOrderAt = Math.min(s.firstOrderAt, o.at);
    s.lastOrderAt = Math.max(s.lastOrderAt, o.at);
    stats.set(o.currency, s);
  }

  const byProduct = new Map<string, Purchase[]>();
  for (const l of lineRows) {
    const list = byProduct.get(l.productId!) ?? [];
    list.push({ at: l.at, quantity: l.quantity });
    byProduct.set(l.productId!, list);
  }
  const productIds = [...byProduct.keys()];
  const [productRows, others] = productIds.length
    ? await Promise.all([
        db
          .select({ id: products.id, reorderIntervalDays: products.reorderIntervalDays })
          .from(products)
          .where(and(eq(products.orgId, orgId), inArray(products.id, productIds)))
          .all(),
        db
          .select({ productId: reorderPredictions.productId, own: reorderPredictions.ownIntervalDays })
          .from(reorderPredictions)
          .where(
            and(
              eq(reorderPredictions.orgId, orgId),
              inArray(reorderPredictions.productId, productIds),
              ne(reorderPredictions.contactId, contactId),
              isNotNull(reorderPredictions.ownIntervalDays),
            ),
          )
          .limit(ORG_SAMPLE * productIds.length)
          .all(),
      ])
    : [[], []];
  const intervalOf = new Map(productRows.map((p) => [p.id, p.reorderIntervalDays]));
  const orgIntervals = new Map<string, number[]>();
  for (const o of others) orgIntervals.set(o.productId, [...(orgIntervals.get(o.productId) ?? []), o.own!]);

  const history = [];
  const predictions = [];
  for (const [productId, purchases] of byProduct) {
    purchases.sort((a, b) => a.at - b.at);
    history.push({
      orgId,
      contactId,
      productId,
      orderCount: purchases.length,
      quantity: purchases.reduce((n, p) => n + p.quantity, 0),
      firstAt: purchases[0]!.at,
      lastAt: purchases.at(-1)!.at,
      purchases: purchases.slice(-KEEP_PURCHASES),
    });
    // A product deleted from the catalog keeps its history but gets no prediction.
    if (!intervalOf.has(productId)) continue;
    const sample = orgIntervals.get(productId)?.slice(0, ORG_SAMPLE);
    const org: OrgMedian | null = sample?.length ? { perUnitDays: median(sample), contacts: sample.length } : null;
    const p = predictReorder(purchases, intervalOf.get(productId) ?? null, org);
    if (p)
      predictions.push({
        orgId,
        contactId,
        productId,
        intervalDays: p.intervalDays,
        nextAt: p.nextAt,
        basis: p.basis,
        basisOrders: p.basisOrders,
        confidence: p.confidence,
        lastAt: p.lastAt,
        ownIntervalDays: p.ownPerUnitDays === null ? null : Math.max(1, Math.round(p.ownPerUnitDays)),
      });
  }

  const mine = <T extends { orgId: unknown; contactId: unknown }>(t: T) =>
    and(eq(t.orgId as typeof orders.orgId, orgId), eq(t.contactId as typeof orders.contactId, contactId));
  const statements = [
    db.delete(contactCommerceStats).where(mine(contactCommerceStats)),
    db.delete(contactProductHistory).where(mine(contactProductHistory)),
    db.delete(reorderPredictions).where(mine(reorderPredictions)),
    ...[...stats].map(([currency, s]) => db.insert(contactCommerceStats).values({ orgId, contactId, currency, ...s })),
    // D1 caps bound parameters per statement: a row per statement keeps any history within it.
    ...history.map((h) => db.insert(contactProductHistory).values(h)),
    ...predictions.map((p) => db.insert(reorderPredictions).values(p)),
  ];
  await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]]);
}

/**
 * Every customer of the org with counted orders, rebuilt: for orders that arrived without going through a
 * status move (the local demo's seeded history). Sequential, one contact at a time: a tool, not a path.
 */
export async function recomputeOrgHistory(db: Db, orgId: string): Promise<number> {
  const rows = await db
    .selectDistinct({ contactId: orders.contactId })
    .from(orders)
    .where(and(eq(orders.orgId, orgId), inArray(orders.status, [...COUNTED])))
    .all();
  for (const r of rows) await recomputeContactHistory(db, orgId, r.contactId);
  return rows.length;
}
