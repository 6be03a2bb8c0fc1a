/** Reads of purchase history and reorder predictions: a contact's page and the "Due to reorder" view. */
import { and, asc, desc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts } from "../../db/schema";
import { orders, products } from "../../db/tables/commerce";
import { contactCommerceStats, contactProductHistory, reorderPredictions } from "../../db/tables/purchase-history";
import { findContact, publicOrder } from "./orders";
import { DAY_MS, explainPrediction } from "./reorder-prediction";

export async function purchaseHistory(db: Db, orgId: string, contactId: string) {
  await findContact(db, orgId, contactId);
  const [stats, bought, predictions, recent] = await Promise.all([
    db
      .select()
      .from(contactCommerceStats)
      .where(and(eq(contactCommerceStats.orgId, orgId), eq(contactCommerceStats.contactId, contactId)))
      .all(),
    db
      .select({ h: contactProductHistory, name: products.name, sku: products.sku, unit: products.unit })
      .from(contactProductHistory)
      .leftJoin(products, eq(products.id, contactProductHistory.productId))
      .where(and(eq(contactProductHistory.orgId, orgId), eq(contactProductHistory.contactId, contactId)))
      .orderBy(desc(contactProductHistory.lastAt))
      .all(),
    db
      .select({ p: reorderPredictions, name: products.name })
      .from(reorderPredictions)
      .innerJoin(products, eq(products.id, reorderPredictions.productId))
      .where(and(eq(reorderPredictions.orgId, orgId), eq(reorderPredictions.contactId, contactId)))
      .orderBy(asc(reorderPredictions.nextAt))
      .all(),
    db
      .select()
      .from(orders)
      .where(and(eq(orders.orgId, orgId), eq(orders.contactId, contactId)))
      .orderBy(desc(orders.createdAt))
      .limit(50)
      .all(),
  ]);
  return {
    stats: stats.map(({ orgId: _o, contactId: _c, ...s }) => ({ ...s, averageOrderMinor: Math.round(s.lifetimeMinor / s.orderCount) })),
    products: bought.map(({ h: { orgId: _o, contactId: _c, ...h }, name, sku, unit }) => ({
      ...h,
      name: name ?? "(deleted product)",
      sku,
      unit,
    })),
    predictions: predictions.map(({ p: { orgId: _o, contactId: _c, ...p }, name }) => ({
      ...p,
      productName: name,
      explanation: explainPrediction(p),
    })),
    orders: recent.map(publicOrder),
  };
}

export type DueWindow = "overdue" | "week" | "all";

/** Predictions whose date has come (overdue) or comes within 7 days, soonest first: an index walk on (org, next_at). */
export async function dueReorders(db: Db, orgId: string, window: DueWindow, limit: number, now = Date.now()) {
  const until = window === "overdue" ? now : window === "week" ? now + 7 * DAY_MS : Number.MAX_SAFE_INTEGER;
  const rows = await db
    .select({
      p: reorderPredictions,
      productName: products.name,
      contactName: sql<string | null>`coalesce(${contacts.displayName}, ${contacts.profileName}, ${contacts.waId})`,
      // A contact may have several conversations (after a merge): message them in the latest.
      conversationId: sql<
        string | null
      >`(select id from conversations where contact_id = reorder_predictions.contact_id and org_id = ${orgId} order by last_message_at desc limit 1)`,
    })
    .from(reorderPredictions)
    .innerJoin(products, eq(products.id, reorderPredictions.productId))
    .innerJoin(contacts, eq(contacts.id, reorderPredictions.contactId))
    .where(and(eq(reorderPredictions.orgId, orgId), lt(reorderPredictions.nextAt, until)))
    .orderBy(asc(reorderPredictions.nextAt))
    .limit(limit)
    .all();
  return rows.map(({ p: { orgId: _o, ...p }, productName, contactName, conversationId }) => ({
    ...p,
    productName,
    contactName,
    conversationId,
    overdue: p.nextAt < now,
    explanation: explainPrediction(p),
  }));
}
