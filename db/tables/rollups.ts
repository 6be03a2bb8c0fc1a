/**
 * Dashboard rollups: counters updated where the facts happen (room ingest, agent sends, order status
 * changes), so the dashboard reads a few hundred rows whatever the org's size. Every increment is
 * tied to a change that happens once (a message the room stored for the first time, an order status
 * moved by compare-and-set), so webhook replays and double clicks never count twice.
 */
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Messages per org, number and UTC hour (epoch ms of the hour's start): time series and the hour heat map. */
export const messageHourlyRollups = sqliteTable(
  "message_hourly_rollups",
  {
    orgId: text("org_id").notNull(),
    hour: integer("hour").notNull(),
    phoneNumberId: text("phone_number_id").notNull(),
    inbound: integer("inbound").notNull().default(0),
    outbound: integer("outbound").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.hour, t.phoneNumberId] })],
);

/** Counted orders (confirmed and beyond) and revenue per org, UTC day (epoch ms of midnight) and currency. */
export const orderDailyRollups = sqliteTable(
  "order_daily_rollups",
  {
    orgId: text("org_id").notNull(),
    day: integer("day").notNull(),
    currency: text("currency").notNull(),
    orders: integer("orders").notNull().default(0),
    revenueMinor: integer("revenue_minor").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day, t.currency] })],
);

/** Per product and day: quantity sold and revenue (line totals), for top products. */
export const productDailyRollups = sqliteTable(
  "product_daily_rollups",
  {
    orgId: text("org_id").notNull(),
    day: integer("day").notNull(),
    productId: text("product_id").notNull(),
    currency: text("currency").notNull(),
    quantity: integer("quantity").notNull().default(0),
    revenueMinor: integer("revenue_minor").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day, t.productId, t.currency] })],
);
