/** Each dashboard table as CSV: the same figures the charts draw. */
import { toCsv } from "../csv/csv";
import { formatAmount } from "../commerce/order-math";
import type { dashboardTables } from "../schemas/commerce";
import type { Dashboard } from "./dashboard-types";

export type DashboardTable = (typeof dashboardTables)[number];

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export function dashboardCsv(d: Dashboard, table: DashboardTable): string {
  switch (table) {
    case "messages":
      return toCsv(
        ["day", "inbound", "outbound"],
        d.messages.series.map((r) => [isoDay(r.day), r.inbound, r.outbound]),
      );
    case "orders":
      return toCsv(
        ["day", "currency", "orders", "revenue"],
        d.orders.flatMap((c) => c.series.map((r) => [isoDay(r.day), c.currency, r.orders, formatAmount(r.revenueMinor, c.currency)])),
      );
    case "products":
      return toCsv(
        ["sku", "name", "currency", "quantity", "revenue"],
        d.topProductsByRevenue.map((p) => [p.sku, p.name, p.currency, p.quantity, formatAmount(p.revenueMinor, p.currency)]),
      );
    case "customers":
      return toCsv(
        ["contact", "currency", "orders", "lifetime_value", "last_order"],
        d.topCustomers.map((c) => [c.name, c.currency, c.orderCount, formatAmount(c.lifetimeMinor, c.currency), isoDay(c.lastOrderAt)]),
      );
    case "conversations":
      return toCsv(
        ["day", "opened", "resolved", "new_contacts"],
        d.conversations.series.map((r) => [isoDay(r.day), r.opened, r.resolved, r.newContacts]),
      );
    case "agents":
      return toCsv(
        ["agent", "conversations_handled", "messages_sent", "first_responses", "median_first_response_seconds", "open_backlog"],
        d.conversations.agents.map((a) => [
          a.name,
          a.conversationsHandled,
          a.messagesSent,
          a.firstResponses,
          a.medianFirstResponseMs === null ? "" : Math.round(a.medianFirstResponseMs / 1000),
          a.openBacklog,
        ]),
      );
    case "funnel":
      return toCsv(
        ["stage", "contacts", "reached"],
        d.conversations.funnel.map((s) => [s.name, s.count, s.reached]),
      );
    case "hours":
      return toCsv(
        ["weekday", ...Array.from({ length: 24 }, (_, h) => `${h}h`)],
        d.messages.heat.map((row, i) => [WEEKDAYS[i], ...row]),
      );
  }
}
