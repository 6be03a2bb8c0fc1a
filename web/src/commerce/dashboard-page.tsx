/**
 * The analytics dashboard (its own lazy chunk, with uPlot, so the inbox's JS does not carry it). Every
 * chart has its table beside it (a <details>), and every table its CSV.
 */
import { useMemo, useState } from "preact/hooks";
import { commerceApi, type Dashboard } from "../api/commerce";
import { Alert } from "../components/alert";
import { LoadingRows, Page } from "../components/page";
import { numbersApi } from "../api/numbers";
import { formatMinor } from "../format/money";
import { useResource } from "../hooks/use-resource";
import { TimeChart } from "./time-chart";
import type { dashboardTables } from "../../../worker/schemas/commerce";
import { crmApi } from "../api/crm";
import { AgentsCard, ConversationStats, ConversationsCard, FunnelCard } from "./dashboard-conversations";
import { DashboardCsv, type DashboardFilters } from "./dashboard-csv-link";

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const Csv = ({ table, range }: { table: (typeof dashboardTables)[number]; range: DashboardFilters }) => (
  <DashboardCsv table={table} filters={range} />
);

function Heat({ heat }: { heat: number[][] }) {
  const max = Math.max(1, ...heat.flat());
  return (
    <table class="heat" aria-label="Customer messages by weekday and hour (UTC)">
      <thead>
        <tr>
          <th scope="col">
            <span class="visually-hidden">Day</span>
          </th>
          {Array.from({ length: 24 }, (_, h) => (
            <th scope="col" key={h}>
              {h % 6 === 0 ? h : ""}
              <span class="visually-hidden">{h % 6 === 0 ? "" : h}h</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {heat.map((row, d) => (
          <tr key={d}>
            <th scope="row">{WEEKDAYS[d]}</th>
            {row.map((n, h) => (
              <td key={h} class={`heat-${Math.ceil((n / max) * 4)}`} title={`${WEEKDAYS[d]} ${h}:00 — ${n}`}>
                <span class="visually-hidden">{n}</span>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Charts({ d, range }: { d: Dashboard; range: DashboardFilters }) {
  const days = useMemo(() => d.messages.series.map((r) => r.day), [d]);
  const messageSeries = useMemo(
    () => [
      { label: "From customers", values: d.messages.series.map((r) => r.inbound), color: "--accent" },
      { label: "From the team", values: d.messages.series.map((r) => r.outbound), color: "--warning" },
    ],
    [d],
  );
  return (
    <>
      <div class="stat-row">
        <ConversationStats d={d.conversations} />
        <div class="stat">
          <span>Messages in</span>
          <strong>{d.messages.inbound}</strong>
        </div>
        <div class="stat">
          <span>Messages out</span>
          <strong>{d.messages.outbound}</strong>
        </div>
        {d.orders.map((o) => (
          <div class="stat" key={o.currency}>
            <span>Revenue ({o.orders} orders)</span>
            <strong>{formatMinor(o.revenueMinor, o.currency)}</strong>
          </div>
        ))}
        <div class="stat">
          <span>Reorders due this week</span>
          <strong>
            <a href="/reorders">{d.reorders.dueThisWeek}</a>
          </strong>
          {d.reorders.overdue > 0 && <span class="text-warning small">{d.reorders.overdue} overdue</span>}
        </div>
      </div>
      <section class="card dash-card">
        <header class="card-header">
          <h2>Messages</h2>
          <Csv table="messages" range={range} />
        </header>
        <TimeChart days={days} series={messageSeries} />
        <details>
          <summary>Table</summary>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" class="num">
                  In
                </th>
                <th scope="col" class="num">
                  Out
                </th>
              </tr>
            </thead>
            <tbody>
              {d.messages.series.map((r) => (
                <tr key={r.day}>
                  <td class="cell-head">{isoDay(r.day)}</td>
                  <td class="num" data-label="In">
                    {r.inbound}
                  </td>
                  <td class="num" data-label="Out">
                    {r.outbound}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </section>
      <ConversationsCard d={d.conversations} filters={range} />
      <AgentsCard d={d.conversations} filters={range} />
      {d.orders.map((o) => (
        <section class="card dash-card" key={o.currency}>
          <header class="card-header">
            <h2>Revenue ({o.currency})</h2>
            <Csv table="orders" range={range} />
          </header>
          <TimeChart
            days={o.series.map((r) => r.day)}
            series={[{ label: "Revenue", values: o.series.map((r) => r.revenueMinor), color: "--success" }]}
            format={(v) => formatMinor(v, o.currency)}
          />
          <details>
            <summary>Table</summary>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col" class="num">
                    Orders
                  </th>
                  <th scope="col" class="num">
                    Revenue
                  </th>
                </tr>
              </thead>
              <tbody>
                {o.series
                  .filter((r) => r.orders)
                  .map((r) => (
                    <tr key={r.day}>
                      <td class="cell-head">{isoDay(r.day)}</td>
                      <td class="num" data-label="Orders">
                        {r.orders}
                      </td>
                      <td class="num" data-label="Revenue">
                        {formatMinor(r.revenueMinor, o.currency)}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </details>
        </section>
      ))}
      <div class="dash-grid">
        <section class="card dash-card">
          <header class="card-header">
            <h2>Top products</h2>
            <Csv table="products" range={range} />
          </header>
          {d.topProductsByRevenue.length === 0 ? (
            <p class="card-empty">No sales in this range.</p>
          ) : (
            <ol class="bars">
              {d.topProductsByRevenue.map((p) => (
                <li key={p.productId + p.currency}>
                  <span>
                    {p.name} <span class="muted small">×{p.quantity}</span>
                  </span>
                  <span class="bar" style={{ "--w": `${(100 * p.revenueMinor) / (d.topProductsByRevenue[0]?.revenueMinor || 1)}%` }} />
                  <span class="num">{formatMinor(p.revenueMinor, p.currency)}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section class="card dash-card">
          <header class="card-header">
            <h2>Top customers</h2>
            <Csv table="customers" range={range} />
          </header>
          {d.topCustomers.length === 0 ? (
            <p class="card-empty">No customers with orders yet.</p>
          ) : (
            <ol class="bars">
              {d.topCustomers.map((c) => (
                <li key={c.contactId + c.currency}>
                  <span>
                    {c.name ?? "Customer"} <span class="muted small">{c.orderCount} orders</span>
                  </span>
                  <span class="bar" style={{ "--w": `${(100 * c.lifetimeMinor) / (d.topCustomers[0]?.lifetimeMinor || 1)}%` }} />
                  <span class="num">{formatMinor(c.lifetimeMinor, c.currency)}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
        <FunnelCard d={d.conversations} filters={range} />
      </div>
      <section class="card dash-card">
        <header class="card-header">
          <h2>Busiest hours (UTC)</h2>
          <Csv table="hours" range={range} />
        </header>
        <div class="table-wrap">
          <Heat heat={d.messages.heat} />
        </div>
      </section>
    </>
  );
}

export default function DashboardPage() {
  const [range, setRange] = useState<DashboardFilters>({});
  const data = useResource(() => commerceApi.dashboard(range), [range.from, range.to, range.phoneNumberId, range.label]);
  const numbers = useResource(() => numbersApi.list().then((r) => r.numbers));
  const labels = useResource(() => crmApi.labels().then((r) => r.labels));
  return (
    <Page
      title="Dashboard"
      description="From counters kept as messages and orders happen. Times are medians and p90 (within ±6%)."
      actions={
        <div class="commerce-filters">
          {(labels.data?.length ?? 0) > 0 && (
            <label class="field">
              <span class="field-label">Conversations labelled</span>
              <select
                class="select select-sm"
                value={range.label ?? ""}
                onChange={(e) => setRange((r) => ({ ...r, label: e.currentTarget.value || undefined }))}
              >
                <option value="">Any label</option>
                {labels.data?.map((l) => (
                  <option key={l.name} value={l.name}>
                    {l.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {(numbers.data?.length ?? 0) > 1 && (
            <label class="field">
              <span class="field-label">Number</span>
              <select
                class="select select-sm"
                value={range.phoneNumberId ?? ""}
                onChange={(e) => setRange((r) => ({ ...r, phoneNumberId: e.currentTarget.value || undefined }))}
              >
                <option value="">All numbers</option>
                {numbers.data?.map((n) => (
                  <option key={n.id} value={n.phoneNumberId}>
                    {n.verifiedName ? `${n.verifiedName} (${n.displayPhoneNumber})` : n.displayPhoneNumber}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label class="field">
            <span class="field-label">From</span>
            <input
              class="input input-sm"
              type="date"
              value={range.from ?? ""}
              onChange={(e) => setRange((r) => ({ ...r, from: e.currentTarget.value || undefined }))}
            />
          </label>
          <label class="field">
            <span class="field-label">To</span>
            <input
              class="input input-sm"
              type="date"
              value={range.to ?? ""}
              onChange={(e) => setRange((r) => ({ ...r, to: e.currentTarget.value || undefined }))}
            />
          </label>
        </div>
      }
    >
      {data.error && <Alert>{data.error}</Alert>}
      {!data.data ? <LoadingRows rows={5} /> : <Charts d={data.data} range={range} />}
    </Page>
  );
}
