/**
 * The dashboard's team side: conversations opened and resolved, first-response and resolution times,
 * agent performance and the lifecycle funnel. Charts have their tables beside them; tables their CSV.
 */
import { useMemo } from "preact/hooks";
import type { Dashboard } from "../api/commerce";
import { TimeChart } from "./time-chart";
import { type DashboardFilters, DashboardCsv } from "./dashboard-csv-link";

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** "4 min", "2.5 h", "3 d": durations read at a glance (the figures are within ±6% anyway). */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  const s = ms / 1000;
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${(s / 3600).toFixed(s < 36_000 ? 1 : 0)} h`;
  return `${(s / 86_400).toFixed(s < 864_000 ? 1 : 0)} d`;
}

export function ConversationStats({ d }: { d: Dashboard["conversations"] }) {
  return (
    <>
      <div class="stat">
        <span>Conversations</span>
        <strong>{d.opened}</strong>
        <span class="muted small">{d.resolved} resolved</span>
      </div>
      <div class="stat">
        <span>First response (median)</span>
        <strong>{formatDuration(d.firstResponse.medianMs)}</strong>
        <span class="muted small">p90 {formatDuration(d.firstResponse.p90Ms)}</span>
      </div>
      <div class="stat">
        <span>Resolution (median)</span>
        <strong>{formatDuration(d.resolution.medianMs)}</strong>
        <span class="muted small">p90 {formatDuration(d.resolution.p90Ms)}</span>
      </div>
      <div class="stat">
        <span>New contacts</span>
        <strong>{d.newContacts}</strong>
      </div>
    </>
  );
}

export function ConversationsCard({ d, filters }: { d: Dashboard["conversations"]; filters: DashboardFilters }) {
  const days = useMemo(() => d.series.map((r) => r.day), [d]);
  const series = useMemo(
    () => [
      { label: "Opened", values: d.series.map((r) => r.opened), color: "--accent" },
      { label: "Resolved", values: d.series.map((r) => r.resolved), color: "--warning" },
      { label: "New contacts", values: d.series.map((r) => r.newContacts), color: "--text-muted" },
    ],
    [d],
  );
  return (
    <section class="card dash-card">
      <header class="card-header">
        <h2>Conversations</h2>
        <DashboardCsv table="conversations" filters={filters} />
      </header>
      <TimeChart days={days} series={series} />
      <details>
        <summary>Table</summary>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col" class="num">
                Opened
              </th>
              <th scope="col" class="num">
                Resolved
              </th>
              <th scope="col" class="num">
                New contacts
              </th>
            </tr>
          </thead>
          <tbody>
            {d.series.map((r) => (
              <tr key={r.day}>
                <td class="cell-head">{isoDay(r.day)}</td>
                <td class="num" data-label="Opened">
                  {r.opened}
                </td>
                <td class="num" data-label="Resolved">
                  {r.resolved}
                </td>
                <td class="num" data-label="New contacts">
                  {r.newContacts}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

export function AgentsCard({ d, filters }: { d: Dashboard["conversations"]; filters: DashboardFilters }) {
  return (
    <section class="card dash-card">
      <header class="card-header">
        <h2>Agents</h2>
        <DashboardCsv table="agents" filters={filters} />
      </header>
      <div class="table-wrap">
        <table class="table dash-agents">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col" class="num">
                Resolved
              </th>
              <th scope="col" class="num">
                Sent
              </th>
              <th scope="col" class="num">
                First response
              </th>
              <th scope="col" class="num">
                Open now
              </th>
            </tr>
          </thead>
          <tbody>
            {d.agents.map((a) => (
              <tr key={a.agentId}>
                <td class="cell-head">{a.name}</td>
                <td class="num" data-label="Resolved">
                  {a.conversationsHandled}
                </td>
                <td class="num" data-label="Sent">
                  {a.messagesSent}
                </td>
                <td class="num" data-label="First response" title={`${a.firstResponses} first responses`}>
                  {formatDuration(a.medianFirstResponseMs)}
                </td>
                <td class="num" data-label="Open now">
                  {a.openBacklog}
                </td>
              </tr>
            ))}
            <tr>
              <td class="cell-head muted">Unassigned</td>
              <td class="num" data-label="Resolved">
                —
              </td>
              <td class="num" data-label="Sent">
                —
              </td>
              <td class="num" data-label="First response">
                —
              </td>
              <td class="num" data-label="Open now">
                {d.unassignedBacklog}
              </td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function FunnelCard({ d, filters }: { d: Dashboard["conversations"]; filters: DashboardFilters }) {
  const top = Math.max(1, ...d.funnel.map((s) => s.reached));
  return (
    <section class="card dash-card">
      <header class="card-header">
        <h2>Lifecycle funnel</h2>
        <DashboardCsv table="funnel" filters={filters} />
      </header>
      {/* Each bar is the contacts at that stage or beyond; the count after it is those at it now. */}
      <ol class="bars funnel">
        {d.funnel.map((s) => (
          <li key={s.key}>
            <span>{s.name}</span>
            <span class="bar" style={{ "--w": `${(100 * s.reached) / top}%`, background: s.color }} />
            <span class="num" title={`${s.count} at this stage now, ${s.reached} reached it`}>
              {s.reached} <span class="muted small">({s.count} now)</span>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
