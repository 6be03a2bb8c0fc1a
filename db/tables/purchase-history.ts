/**
 * Purchase history and reorder predictions, derived from a contact's counted orders (confirmed and
 * beyond). Recomputed for one contact whenever one of their orders changes, never by a full scan.
 */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Per contact and currency: lifetime value, order count, first and last order. */
export const contactCommerceStats = sqliteTable(
  "contact_commerce_stats",
  {
    orgId: text("org_id").notNull(),
    contactId: text("contact_id").notNull(),
    currency: text("currency").notNull(),
    orderCount: integer("order_count").notNull(),
    lifetimeMinor: integer("lifetime_minor").notNull(),
    firstOrderAt: integer("first_order_at").notNull(),
    lastOrderAt: integer("last_order_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.contactId, t.currency] }),
    // Top customers: the dashboard reads the org's highest lifetime values first, whatever the currency.
    index("contact_stats_org_lifetime").on(t.orgId, t.lifetimeMinor),
  ],
);

export interface Purchase {
  at: number;
  quantity: number;
}

/** Per contact × product: what they bought and when (the most recent purchases, oldest first). */
export const contactProductHistory = sqliteTable(
  "contact_product_history",
  {
    orgId: text("org_id").notNull(),
    contactId: text("contact_id").notNull(),
    productId: text("product_id").notNull(),
    orderCount: integer("order_count").notNull(),
    quantity: integer("quantity").notNull(),
    firstAt: integer("first_at").notNull(),
    lastAt: integer("last_at").notNull(),
    purchases: text("purchases", { mode: "json" }).$type<Purchase[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.contactId, t.productId] }), index("contact_product_org_product").on(t.orgId, t.productId)],
);

export const predictionBases = ["contact", "product", "org"] as const;
export type PredictionBasis = (typeof predictionBases)[number];

export const reorderPredictions = sqliteTable(
  "reorder_predictions",
  {
    orgId: text("org_id").notNull(),
    contactId: text("contact_id").notNull(),
    productId: text("product_id").notNull(),
    /** Expected days between purchases for this customer (already scaled by what they last bought). */
    intervalDays: integer("interval_days").notNull(),
    nextAt: integer("next_at").notNull(),
    basis: text("basis", { enum: predictionBases }).notNull(),
    /** Orders the estimate rests on (the contact's own, or the contacts' behind an org-wide median). */
    basisOrders: integer("basis_orders").notNull(),
    /** 0–100: how far to trust nextAt. */
    confidence: integer("confidence").notNull(),
    lastAt: integer("last_at").notNull(),
    /** The contact's own median interval in days, kept so org-wide medians read it without recomputing. */
    ownIntervalDays: integer("own_interval_days"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.contactId, t.productId] }),
    // The "Due to reorder" view walks this index.
    index("reorder_org_next").on(t.orgId, t.nextAt),
    index("reorder_org_product").on(t.orgId, t.productId),
  ],
);

export type ContactCommerceStats = typeof contactCommerceStats.$inferSelect;
export type ContactProductHistory = typeof contactProductHistory.$inferSelect;
export type ReorderPrediction = typeof reorderPredictions.$inferSelect;
