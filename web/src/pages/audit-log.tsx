/** The audit log for admins: newest first, filtered by action and by who did it, 50 at a time. */
import { useEffect, useRef, useState } from "preact/hooks";
import { auditApi, type AuditFilters } from "../api/audit";
import { messageOf } from "../api/client";
import { teamApi } from "../api/team";
import type { AuditEntry, PublicUser } from "../api/types";
import { Alert } from "../components/alert";
import { LoadingRows, Page } from "../components/page";
import { RelativeTime } from "../components/relative-time";
import { auditActionLabel, auditActionLabels, auditActionTone } from "../format/audit-actions";
import { describeUserAgent } from "../format/user-agent";
import { useResource } from "../hooks/use-resource";

const PAGE_SIZE = 50;

function detailText(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A target by name when it is a member we know, else a short id (enough to tell entries apart). */
function targetText(entry: AuditEntry, names: Map<string, string>): string {
  const id = entry.targetId ?? "";
  return (entry.targetType === "user" && names.get(id)) || (id.length > 12 ? `${id.slice(0, 12)}…` : id);
}

function Detail({ entry, names }: { entry: AuditEntry; names: Map<string, string> }) {
  const pairs = Object.entries(entry.detail ?? {});
  if (!pairs.length && !entry.targetType) return <span class="muted">—</span>;
  return (
    <dl class="audit-detail">
      {entry.targetType && (
        <div>
          <dt>{entry.targetType}</dt>
          <dd title={entry.targetId ?? undefined}>{targetText(entry, names)}</dd>
        </div>
      )}
      {pairs.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{detailText(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

export default function AuditLogPage() {
  const [action, setAction] = useState("");
  const [actorId, setActorId] = useState("");
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const members = useResource(() => teamApi.members().then((r) => r.members));
  const names = new Map((members.data ?? []).map((m: PublicUser) => [m.id, m.name]));

  async function load(filters: AuditFilters, append: boolean) {
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    try {
      const page = await auditApi.list({ ...filters, limit: PAGE_SIZE });
      if (mine !== generation.current) return;
      setEntries((old) => (append ? [...old, ...page.entries] : page.entries));
      setNextBefore(page.nextBefore);
    } catch (err) {
      if (mine === generation.current) setError(messageOf(err));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }

  useEffect(() => {
    void load({ action, actorId }, false);
  }, [action, actorId]);

  const who = (e: AuditEntry) => (e.actorId ? (names.get(e.actorId) ?? e.actorEmail ?? "Former member") : (e.actorEmail ?? "Unknown"));

  return (
    <Page title="Audit log" description="Sign-ins, team changes, numbers and settings: who did what, and when. Kept for 12 months.">
      <section class="card" aria-labelledby="audit-title">
        <div class="card-header">
          <h2 id="audit-title" class="visually-hidden">
            Entries
          </h2>
          <div class="audit-filters">
            <label class="field">
              <span class="field-label">Action</span>
              <select class="select select-sm" value={action} onChange={(e) => setAction(e.currentTarget.value)}>
                <option value="">All actions</option>
                {Object.entries(auditActionLabels).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span class="field-label">Who</span>
              <select class="select select-sm" value={actorId} onChange={(e) => setActorId(e.currentTarget.value)}>
                <option value="">Everyone</option>
                {(members.data ?? []).map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
            {(action || actorId) && (
              <button
                type="button"
                class="btn btn-ghost btn-sm audit-clear"
                onClick={() => {
                  setAction("");
                  setActorId("");
                }}
              >
                Clear filters
              </button>
            )}
          </div>
        </div>
        {error && (
          <div class="card-body">
            <Alert>{error}</Alert>
          </div>
        )}
        {loading && entries.length === 0 && <LoadingRows rows={4} />}
        {!loading && !error && entries.length === 0 && <p class="card-empty">No entries match these filters.</p>}
        {entries.length > 0 && (
          <div class="table-wrap" aria-busy={loading}>
            <table class="table audit-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Details</th>
                  <th scope="col">From</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td class="cell-nowrap" data-label="When">
                      <RelativeTime at={e.createdAt} />
                    </td>
                    <td data-label="Who">
                      <span class="break">{who(e)}</span>
                    </td>
                    <td class="cell-head audit-action">
                      <span class={`badge ${auditActionTone(e.action) === "warning" ? "badge-warning" : ""}`}>
                        {auditActionLabel(e.action)}
                      </span>
                      <code class="audit-code">{e.action}</code>
                    </td>
                    <td data-label="Details">
                      <Detail entry={e} names={names} />
                    </td>
                    <td data-label="From">
                      <div class="audit-from">
                        <span class="mono">{e.ip ?? "—"}</span>
                        {e.userAgent && <span class="muted small">{describeUserAgent(e.userAgent)}</span>}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {nextBefore !== null && entries.length > 0 && (
          <div class="card-footer audit-more">
            <button type="button" class="btn" disabled={loading} onClick={() => void load({ action, actorId, before: nextBefore }, true)}>
              {loading && <span class="spinner" aria-hidden="true" />}
              Load more
            </button>
          </div>
        )}
      </section>
    </Page>
  );
}
