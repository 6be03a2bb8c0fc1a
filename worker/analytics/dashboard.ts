/**
 * The analytics dashboard, read from rollups only: hourly message counters, daily order and product
 * counters, per-contact lifetime values, reorder predictions. Its cost grows with the date range (at most
 * 24 rows per day per number), never with the number of messages or orders stored.
 */
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts } from "../../db/schema";
import { products } from "../../db/tables/commerce";
import { contactCommerceStats, reorderPredictions } from "../../db/tables/purchase-history";
import { messageHourlyRollups, orderDailyRollups, productDailyRollups } from "../../db/tables/rollups";
import { AppError } from "../errors";
import { type ConversationRows, conversationFigures, conversationQueries } from "./conversation-metrics";
import type { Dashboard } from "./dashboard-types";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** A year of days: enough for any trend people read, and a bound on what one request reads. */
const MAX_RANGE_DAYS = 366;
const TOP = 10;

export interface DashboardRange {
  /** Epoch ms of the first UTC day's midnight… */
  from: number;
  /** …and of the midnight after the last day. */
  to: number;
  phoneNumberId?: string;
  /** Conversation figures of conversations with this label only. */
  label?: string;
}

export function rangeOf(q: { from?: string; to?: string; phoneNumberId?: string; label?: string }, now = Date.now()): DashboardRange {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const to = q.to ? Date.parse(`${q.to}T00:00:00Z`) + DAY_MS : today + DAY_MS;
  const from = q.from ? Date.parse(`${q.from}T00:00:00Z`) : to - 30 * DAY_MS;
  if (!(from < to)) throw new AppError(400, "invalid_query", "from must be on or before to.");
  if (to - from > MAX_RANGE_DAYS * DAY_MS) throw new AppError(400, "invalid_query", `Pick at most ${MAX_RANGE_DAYS} days.`);
  return { from, to, ...(q.phoneNumberId && { phoneNumberId: q.phoneNumberId }), ...(q.label && { label: q.label }) };
}

export async function dashboard(db: Db, orgId: string, range: DashboardRange, now = Date.now()): Promise<Dashboard> {
  const messageWhere = and(
    eq(messageHourlyRollups.orgId, orgId),
    gte(messageHourlyRollups.hour, range.from),
    lt(messageHourlyRollups.hour, range.to),
    range.phoneNumberId ? eq(messageHourlyRollups.phoneNumberId, range.phoneNumberId) : undefined,
  );
  const conversationReads = conversationQueries(db, orgId, range);
  // One D1 batch: one round trip (and one read transaction) for every figure, not one per query.
  const h = messageHourlyRollups.hour;
  const [messageDays, weekHours, orderDays, productTotals, customers, overdueRows, comingWeekRows, ...conversationRows] = await db.batch([
    // Summed in SQLite, per day and per weekday × hour: a year of hourly rows never crosses to the Worker.
    db
      .select({
        day: sql<number>`(${h} / ${DAY_MS}) * ${DAY_MS}`,
        inbound: sql<number>`sum(${messageHourlyRollups.inbound})`,
        outbound: sql<number>`sum(${messageHourlyRollups.outbound})`,
      })
      .from(messageHourlyRollups)
      .where(messageWhere)
      .groupBy(sql`1`),
    db
      .select({
        // 1970-01-01 was a Thursday: (days since + 3) % 7 counts from Monday.
        weekday: sql<number>`(${h} / ${DAY_MS} + 3) % 7`,
        hourOfDay: sql<number>`(${h} / ${HOUR_MS}) % 24`,
        inbound: sql<number>`sum(${messageHourlyRollups.inbound})`,
      })
      .from(messageHourlyRollups)
      .where(messageWhere)
      .groupBy(sql`1`, sql`2`),
    db
      .select({
        day: orderDailyRollups.day,
        currency: orderDailyRollups.currency,
        orders: orderDailyRollups.orders,
        revenueMinor: orderDailyRollups.revenueMinor,
      })
      .from(orderDailyRollups)
      .where(and(eq(orderDailyRollups.orgId, orgId), gte(orderDailyRollups.day, range.from), lt(orderDailyRollups.day, range.to))),
    db
      .select({
        productId: productDailyRollups.productId,
        currency: productDailyRollups.currency,
        quantity: sql<number>`sum(${productDailyRollups.quantity})`,
        revenueMinor: sql<number>`sum(${productDailyRollups.revenueMinor})`,
        name: products.name,
        sku: products.sku,
      })
      .from(productDailyRollups)
      .leftJoin(products, eq(products.id, productDailyRollups.productId))
      .where(and(eq(productDailyRollups.orgId, orgId), gte(productDailyRollups.day, range.from), lt(productDailyRollups.day, range.to)))
      .groupBy(productDailyRollups.productId, productDailyRollups.currency),
    db
      .select({
        contactId: contactCommerceStats.contactId,
        currency: contactCommerceStats.currency,
        lifetimeMinor: contactCommerceStats.lifetimeMinor,
        orderCount: contactCommerceStats.orderCount,
        lastOrderAt: contactCommerceStats.lastOrderAt,
        name: sql<string | null>`coalesce(${contacts.displayName}, ${contacts.profileName}, ${contacts.waId})`,
      })
      .from(contactCommerceStats)
      .innerJoin(contacts, eq(contacts.id, contactCommerceStats.contactId))
      .where(eq(contactCommerceStats.orgId, orgId))
      .orderBy(desc(contactCommerceStats.lifetimeMinor))
      .limit(TOP),
    // Two index-only counts on (org, next_at): cheaper than one that inspects every overdue row.
    db
      .select({ n: sql<number>`count(*)` })
      .from(reorderPredictions)
      .where(and(eq(reorderPredictions.orgId, orgId), lt(reorderPredictions.nextAt, now))),
    db
      .select({ n: sql<number>`count(*)` })
      .from(reorderPredictions)
      .where(
        and(eq(reorderPredictions.orgId, orgId), gte(reorderPredictions.nextAt, now), lt(reorderPredictions.nextAt, now + 7 * DAY_MS)),
      ),
    ...conversationReads,
  ]);
  const overdue = overdueRows[0];
  const comingWeek = comingWeekRows[0];
  const conversationsFigures = conversationFigures(conversationRows as unknown as ConversationRows, range);

  const days = Math.round((range.to - range.from) / DAY_MS);
  const dayIndex = (ms: number) => Math.floor((ms - range.from) / DAY_MS);
  const messages = Array.from({ length: days }, (_, i) => ({ day: range.from + i * DAY_MS, inbound: 0, outbound: 0 }));
  // Weekday (0 = Monday) × UTC hour: when customers write.
  const heat = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const m of messageDays) {
    const d = messages[dayIndex(m.day)];
    if (d) {
      d.inbound += m.inbound;
      d.outbound += m.outbound;
    }
  }
  for (const w of weekHours) heat[w.weekday]![w.hourOfDay]! += w.inbound;
  const currencies = [...new Set(orderDays.map((o) => o.currency))].sort();
  const orders = currencies.map((currency) => {
    const series = Array.from({ length: days }, (_, i) => ({ day: range.from + i * DAY_MS, orders: 0, revenueMinor: 0 }));
    for (const o of orderDays.filter((x) => x.currency === currency)) {
      const d = series[dayIndex(o.day)];
      if (d) {
        d.orders += o.orders;
        d.revenueMinor += o.revenueMinor;
      }
    }
    return {
      currency,
      series,
      orders: series.reduce((n, d) => n + d.orders, 0),
      revenueMinor: series.reduce((n, d) => n + d.revenueMinor, 0),
    };
  });
  const sold = productTotals.filter((p) => p.quantity > 0).map((p) => ({ ...p, name: p.name ?? "(deleted product)" }));
  return {
    range: { from: range.from, to: range.to, days },
    conversations: conversationsFigures,
    messages: {
      series: messages,
      inbound: messages.reduce((n, d) => n + d.inbound, 0),
      outbound: messages.reduce((n, d) => n + d.outbound, 0),
      heat,
    },
    orders,
    topProductsByRevenue: [...sold].sort((a, b) => b.revenueMinor - a.revenueMinor).slice(0, TOP),
    topProductsByQuantity: [...sold].sort((a, b) => b.quantity - a.quantity).slice(0, TOP),
    topCustomers: customers,
    reorders: { overdue: overdue?.n ?? 0, dueThisWeek: (overdue?.n ?? 0) + (comingWeek?.n ?? 0) },
  };
}
