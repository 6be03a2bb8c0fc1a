/**
 * Commerce: the catalog, sales orders with their lines and status history. Money is integer minor units
 * beside an ISO 4217 currency, never floats. Contacts are referenced by id (db/schema.ts owns them).
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { contacts, organizations } from "../schema";

const createdAt = () => integer("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const products = sqliteTable(
  "products",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    priceMinor: integer("price_minor").notNull(),
    currency: text("currency").notNull(),
    unit: text("unit").notNull().default("unit"),
    /** R2 key of the product photo (media bucket), when one was uploaded. */
    imageKey: text("image_key"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    /** Meta catalog's `product_retailer_id`: a WhatsApp catalog order's lines map to products by it. */
    retailerId: text("retailer_id"),
    /** How often a customer typically needs it again, when the business knows. */
    reorderIntervalDays: integer("reorder_interval_days"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("products_org_sku").on(t.orgId, t.sku),
    // SQLite unique indexes let many NULLs through: products without a retailer id are fine.
    uniqueIndex("products_org_retailer").on(t.orgId, t.retailerId),
    index("products_org_name").on(t.orgId, t.name),
  ],
);

export const orderStatuses = ["draft", "confirmed", "paid", "shipped", "delivered", "cancelled", "refunded"] as const;
export type OrderStatus = (typeof orderStatuses)[number];
export const orderSources = ["agent", "whatsapp", "import", "api"] as const;
export type OrderSource = (typeof orderSources)[number];

export interface DeliveryAddress {
  name?: string;
  line1?: string;
  line2?: string;
  city?: string;
  postalCode?: string;
  region?: string;
  country?: string;
  phone?: string;
}

export const orders = sqliteTable(
  "orders",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** Per-org running number people quote ("order #42"). */
    number: integer("number").notNull(),
    contactId: text("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    conversationId: text("conversation_id"),
    status: text("status", { enum: orderStatuses }).notNull(),
    source: text("source", { enum: orderSources }).notNull(),
    currency: text("currency").notNull(),
    subtotalMinor: integer("subtotal_minor").notNull(),
    discountMinor: integer("discount_minor").notNull().default(0),
    /** Basis points (2300 = 23%) applied to subtotal − discount; the amount is computed server-side. */
    taxRateBps: integer("tax_rate_bps").notNull().default(0),
    taxMinor: integer("tax_minor").notNull().default(0),
    shippingMinor: integer("shipping_minor").notNull().default(0),
    totalMinor: integer("total_minor").notNull(),
    deliveryAddress: text("delivery_address", { mode: "json" }).$type<DeliveryAddress>(),
    notes: text("notes"),
    createdBy: text("created_by"),
    /** The WhatsApp `order` message's wamid: one draft per message, however often Meta retries. */
    sourceWamid: text("source_wamid"),
    /** When the order first counted as a sale (confirmed); purchase history and rollups date it by this. */
    placedAt: integer("placed_at"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("orders_org_number").on(t.orgId, t.number),
    uniqueIndex("orders_org_wamid").on(t.orgId, t.sourceWamid),
    index("orders_org_created").on(t.orgId, t.createdAt),
    index("orders_org_status_created").on(t.orgId, t.status, t.createdAt),
    index("orders_org_contact").on(t.orgId, t.contactId, t.createdAt),
  ],
);

export const orderLines = sqliteTable(
  "order_lines",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    orgId: text("org_id").notNull(),
    position: integer("position").notNull(),
    /** Null for a free-text line (or a catalog item no product maps to). */
    productId: text("product_id"),
    sku: text("sku"),
    name: text("name").notNull(),
    quantity: integer("quantity").notNull(),
    unitPriceMinor: integer("unit_price_minor").notNull(),
    lineTotalMinor: integer("line_total_minor").notNull(),
  },
  (t) => [index("order_lines_order").on(t.orderId, t.position), index("order_lines_org_product").on(t.orgId, t.productId)],
);

/** Every status change, append-only: the order's history. */
export const orderEvents = sqliteTable(
  "order_events",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    orgId: text("org_id").notNull(),
    fromStatus: text("from_status", { enum: orderStatuses }),
    toStatus: text("to_status", { enum: orderStatuses }).notNull(),
    actorId: text("actor_id"),
    note: text("note"),
    at: integer("at").notNull(),
  },
  (t) => [index("order_events_order").on(t.orderId, t.at)],
);

export type Product = typeof products.$inferSelect;
export type Order = typeof orders.$inferSelect;
export type OrderLine = typeof orderLines.$inferSelect;
export type OrderEvent = typeof orderEvents.$inferSelect;
