/** /contacts/import (admins): upload a CSV and see earlier imports; /contacts/import/:id: map a draft, or watch a started import. */
import { useEffect, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { messageOf } from "../api/client";
import { importsApi, type ContactImportView } from "../api/contact-imports";
import { Alert } from "../components/alert";
import { LoadingRows, Page } from "../components/page";
import { RelativeTime } from "../components/relative-time";
import { loadCrmMeta } from "./crm-meta";
import { CrmTabs } from "./crm-tabs";
import { ImportMapping } from "./import-mapping";
import { ImportProgress } from "./import-progress";

export default function ImportPage() {
  const { params } = useRoute();
  useEffect(() => void loadCrmMeta(), []);
  return (
    <Page title="Import contacts" actions={<CrmTabs />}>
      {params.id ? <ImportDetail key={params.id} id={params.id} /> : <UploadStep />}
    </Page>
  );
}

function UploadStep() {
  const { route } = useLocation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [recent, setRecent] = useState<ContactImportView[] | null>(null);
  useEffect(() => {
    importsApi.list().then(
      (r) => setRecent(r.imports),
      () => setRecent([]),
    );
  }, []);

  async function send(file: File | undefined) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const { import: draft } = await importsApi.upload(file);
      route(`/contacts/import/${draft.id}`);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <div class="stack">
      <section class="card">
        <div class="card-header">
          <h2>Upload a CSV</h2>
          <p class="muted">
            One contact per row, the first line naming the columns (name, phone, email, tags, your custom fields…). Up to 250,000 rows. Next
            you match the columns to fields and see what will happen before anything changes.
          </p>
        </div>
        <div class="card-body">
          <label class={`import-drop ${busy ? "is-busy" : ""}`}>
            <input
              type="file"
              accept=".csv,text/csv"
              disabled={busy}
              aria-label="CSV file"
              onChange={(e) => void send(e.currentTarget.files?.[0])}
            />
            <span>{busy ? "Reading the file…" : "Choose a CSV file"}</span>
          </label>
          {error && <Alert>{error}</Alert>}
        </div>
      </section>
      <section class="card">
        <div class="card-header">
          <h2>Earlier imports</h2>
        </div>
        {recent === null ? (
          <LoadingRows rows={2} />
        ) : recent.length ? (
          <ul class="import-list">
            {recent.map((r) => (
              <li key={r.id}>
                <a href={`/contacts/import/${r.id}`}>{r.fileName}</a>
                <span class="badge">{r.state}</span>
                <span class="muted">
                  {r.totalRows.toLocaleString()} rows · {r.created.toLocaleString()} new · {r.updated.toLocaleString()} updated ·{" "}
                  {r.failed.toLocaleString()} refused · <RelativeTime at={r.createdAt} />
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty">No imports yet.</p>
        )}
      </section>
    </div>
  );
}

function ImportDetail({ id }: { id: string }) {
  const [data, setData] = useState<{ import: ContactImportView; sample: string[][] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    importsApi.get(id).then(setData, (err) => setError(messageOf(err)));
  }, [id]);
  if (error) return <Alert>{error}</Alert>;
  if (!data) return <LoadingRows rows={4} />;
  if (data.import.state === "draft") {
    return <ImportMapping draft={data.import} sample={data.sample} onStarted={(started) => setData({ import: started, sample: [] })} />;
  }
  return <ImportProgress initial={data.import} />;
}
