/**
 * Admin → Backups: start an export and watch it being built, download finished exports and the daily
 * encrypted backups. While anything is being built the list is asked for again every 1.5 s.
 */
import { useEffect, useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { Alert } from "../components/alert";
import { DownloadIcon } from "../components/icons";
import { LoadingRows, Page } from "../components/page";
import { RelativeTime } from "../components/relative-time";
import { toast } from "../components/toasts";
import { useResource } from "../hooks/use-resource";
import { dataApi, type PublicExport } from "./api";
import { TerminateCard } from "./terminate-card";
import "./backups.css";

const POLL_MS = 1500;
const busy = (e: PublicExport) => e.status === "queued" || e.status === "running";

export function formatBytes(n: number | null): string {
  if (n === null) return "—";
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

function Progress({ e }: { e: PublicExport }) {
  const pct = e.totalRows ? Math.min(99, Math.floor((e.doneRows / e.totalRows) * 100)) : 0;
  return (
    <div class="export-progress">
      <progress max={100} value={pct} aria-label="Export progress" />
      <span class="muted">
        {e.status === "queued"
          ? "Waiting to start…"
          : `${pct}% · ${e.doneRows.toLocaleString()} of ~${e.totalRows.toLocaleString()} rows${e.phase ? ` · ${e.phase}` : ""}`}
      </span>
    </div>
  );
}

function StatusBadge({ e }: { e: PublicExport }) {
  if (e.status === "ready") return <span class="badge badge-success">Ready</span>;
  if (e.status === "failed") return <span class="badge badge-warning">Failed</span>;
  return <span class="badge badge-accent">{e.status === "queued" ? "Queued" : "Building"}</span>;
}

export default function BackupsPage() {
  const res = useResource(() => dataApi.list());
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rows = res.data?.exports ?? [];
  const anyBusy = rows.some(busy);

  useEffect(() => {
    if (!anyBusy) return;
    const t = setInterval(() => void res.reload(), POLL_MS);
    return () => clearInterval(t);
  }, [anyBusy]);

  async function start() {
    setStarting(true);
    setError(null);
    try {
      const { export: e } = await dataApi.start();
      res.update((d) => ({ exports: [e, ...d.exports] }));
      toast("Export started. We'll email you when it's ready.");
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setStarting(false);
    }
  }

  async function download(e: PublicExport) {
    try {
      const { url } = await dataApi.link(e.id);
      // A plain navigation: the browser streams the file to disk, the page stays.
      window.location.assign(url);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  const exports = rows.filter((e) => e.kind === "export");
  const backups = rows.filter((e) => e.kind === "backup");

  return (
    <Page
      title="Backups"
      description="Everything your organization holds, as a zip of JSON and CSV files: members, numbers, contacts, every conversation and message, and the audit log."
      actions={
        <button type="button" class="btn btn-primary" onClick={start} disabled={starting || exports.some(busy)}>
          <DownloadIcon />
          {starting ? "Starting…" : "Export all data"}
        </button>
      }
    >
      {(error || res.error) && <Alert>{error ?? res.error}</Alert>}
      <ExportTable
        id="exports-title"
        title="Exports"
        note="Built in the background; the link in the list works for 5 minutes each time you ask. Kept for 7 days."
        rows={exports}
        loading={!res.data && res.loading}
        empty="No exports yet. Export all data to get a copy of everything."
        onDownload={download}
      />
      <ExportTable
        id="backups-title"
        title="Daily backups"
        note="Made every night, encrypted with your organization's own key, kept for 30 days."
        rows={backups}
        loading={!res.data && res.loading}
        empty="The first backup is made tonight."
        onDownload={download}
      />
      <TerminateCard />
    </Page>
  );
}

interface TableProps {
  id: string;
  title: string;
  note: string;
  rows: PublicExport[];
  loading: boolean;
  empty: string;
  onDownload: (e: PublicExport) => void;
}

function ExportTable({ id, title, note, rows, loading, empty, onDownload }: TableProps) {
  return (
    <section class="card" aria-labelledby={id}>
      <div class="card-header">
        <h2 id={id}>{title}</h2>
        <p class="muted">{note}</p>
      </div>
      {loading && <LoadingRows rows={2} />}
      {!loading && rows.length === 0 && <p class="card-empty">{empty}</p>}
      {rows.length > 0 && (
        <div class="table-wrap">
          <table class="table export-table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Status</th>
                <th scope="col">Size</th>
                <th scope="col">Deleted</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id} data-export-id={e.id} data-status={e.status}>
                  <td class="cell-nowrap" data-label="Started">
                    <RelativeTime at={e.createdAt} />
                  </td>
                  <td data-label="Status">
                    <StatusBadge e={e} />
                    {busy(e) && <Progress e={e} />}
                    {e.status === "failed" && e.error && <span class="muted export-error">{e.error}</span>}
                  </td>
                  <td class="cell-nowrap" data-label="Size">
                    {formatBytes(e.bytes)}
                  </td>
                  <td class="cell-nowrap" data-label="Deleted">
                    <RelativeTime at={e.expiresAt} />
                  </td>
                  <td class="cell-actions">
                    {e.status === "ready" && (
                      <button type="button" class="btn btn-ghost btn-sm" onClick={() => onDownload(e)}>
                        <DownloadIcon />
                        Download
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
