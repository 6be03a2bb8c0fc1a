/** A started import: a live progress bar (the org socket's `contact_import` frames), its counts, the first errors and the full report. */
import { useEffect, useState } from "preact/hooks";
import type { InboxFrame } from "../../../durable/protocol";
import { importsApi, type ContactImportView } from "../api/contact-imports";
import { Alert } from "../components/alert";
import { DownloadIcon } from "../components/icons";
import { ReconnectingSocket } from "../live/reconnecting-socket";

const STATE: Record<ContactImportView["state"], string> = {
  draft: "Waiting for its mapping",
  pending: "Queued",
  running: "Importing",
  done: "Done",
  failed: "Stopped",
};

export function ImportProgress({ initial }: { initial: ContactImportView }) {
  const [view, setView] = useState(initial);
  useEffect(() => {
    const socket = new ReconnectingSocket({
      url: () => "/api/live/inbox",
      onFrame: (f) => {
        const frame = f as InboxFrame;
        if (frame.t === "contact_import" && frame.progress.id === initial.id)
          setView((old) => (frame.progress.nextRow >= old.nextRow ? frame.progress : old));
      },
    });
    // A frame missed while the socket connected is caught by one read after it opens.
    const t = setTimeout(
      () => void importsApi.get(initial.id).then((r) => setView((old) => (r.import.nextRow >= old.nextRow ? r.import : old))),
      1500,
    );
    return () => {
      socket.close();
      clearTimeout(t);
    };
  }, [initial.id]);

  const pct = view.totalRows ? Math.round((view.nextRow / view.totalRows) * 100) : 0;
  const finished = view.state === "done" || view.state === "failed";
  return (
    <section class="card" aria-live="polite">
      <div class="card-header">
        <h2>
          {view.fileName}: {STATE[view.state]}
        </h2>
        <p class="muted">
          {view.nextRow.toLocaleString()} of {view.totalRows.toLocaleString()} rows
        </p>
      </div>
      <div class="card-body stack">
        <div class="progress" role="progressbar" aria-label="Import progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
          <div class="progress-bar" style={{ width: `${pct}%` }} />
        </div>
        <dl class="stats" data-testid="import-counts">
          <Stat label="New" value={view.created} />
          <Stat label="Updated" value={view.updated} />
          <Stat label="No change" value={view.unchanged} />
          <Stat label="Skipped" value={view.skipped} />
          <Stat label="Refused" value={view.failed} />
        </dl>
        {view.errors.length > 0 && (
          <Alert tone={view.state === "failed" ? "error" : "warning"}>
            <ul class="import-errors">
              {view.errors.map((e) => (
                <li key={`${e.row}-${e.message}`}>{e.row ? `Line ${e.row}: ${e.message}` : e.message}</li>
              ))}
            </ul>
            {view.failed > view.errors.length && <p>…and {(view.failed - view.errors.length).toLocaleString()} more in the report.</p>}
          </Alert>
        )}
      </div>
      <div class="card-footer cluster">
        {finished && view.hasErrorReport && (
          <a class="btn" href={importsApi.reportHref(view.id)} download>
            <DownloadIcon /> Download refused rows
          </a>
        )}
        <a class={`btn ${finished ? "btn-primary" : ""}`} href="/contacts">
          See contacts
        </a>
      </div>
    </section>
  );
}

const Stat = ({ label, value }: { label: string; value: number }) => (
  <div class="stat">
    <dt>{label}</dt>
    <dd>{value.toLocaleString()}</dd>
  </div>
);
