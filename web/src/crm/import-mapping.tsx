/**
 * The mapping step of a CSV import: each column → a contact field (guessed by the server from the
 * headers), the default country for numbers without one, what to do with rows that are already
 * contacts, and a dry run over the whole file (counts, and the first rows with what each becomes).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, messageOf } from "../api/client";
import { importsApi, type ContactImportView, type DryRun, type ImportPlan } from "../api/contact-imports";
import { Alert } from "../components/alert";
import { importFields, type ImportField } from "../../../worker/schemas/contact-imports";
import { customFields } from "./crm-meta";

const FIELD_LABELS: Record<ImportField, string> = {
  name: "Name",
  firstName: "First name",
  lastName: "Last name",
  phone: "Phone",
  email: "Email",
  tags: "Tags (comma-separated)",
  stage: "Lifecycle stage",
  language: "Language",
  street: "Street",
  city: "City",
  postalCode: "Postal code",
  country: "Country",
  notes: "Notes",
  leadScore: "Lead score",
  optIn: "Marketing opt-in (yes/no)",
};

const OUTCOME: Record<DryRun["preview"][number]["outcome"], string> = {
  create: "New",
  update: "Updates",
  unchanged: "No change",
  skip: "Skipped",
  error: "Refused",
};

/** The browser's region as the default country (pt-PT → PT), else none. */
const browserCountry = () => /-([A-Z]{2})\b/.exec(navigator.language)?.[1] ?? "";

export function ImportMapping({
  draft,
  sample,
  onStarted,
}: {
  draft: ContactImportView;
  sample: string[][];
  onStarted: (v: ContactImportView) => void;
}) {
  const [mapping, setMapping] = useState<(string | null)[]>(draft.mapping);
  const [country, setCountry] = useState(browserCountry());
  const [onDuplicate, setOnDuplicate] = useState<"update" | "skip">("update");
  const [dry, setDry] = useState<DryRun | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<{ message: string; billing: boolean } | null>(null);
  const [starting, setStarting] = useState(false);
  const generation = useRef(0);
  const plan: ImportPlan = { mapping, defaultCountry: /^[A-Z]{2}$/.test(country) ? country : null, onDuplicate };
  const key = JSON.stringify(plan);

  useEffect(() => {
    const mine = ++generation.current;
    setChecking(true);
    const t = setTimeout(() => {
      importsApi.dryRun(draft.id, plan).then(
        (r) => {
          if (mine !== generation.current) return;
          setDry(r);
          setError(null);
          setChecking(false);
        },
        (err) => {
          if (mine !== generation.current) return;
          setDry(null);
          setError({ message: messageOf(err), billing: false });
          setChecking(false);
        },
      );
    }, 300);
    return () => clearTimeout(t);
  }, [key]);

  async function start() {
    setStarting(true);
    try {
      onStarted((await importsApi.start(draft.id, plan)).import);
    } catch (err) {
      setError({ message: messageOf(err), billing: err instanceof ApiError && err.code === "plan_limit" });
    } finally {
      setStarting(false);
    }
  }

  const setColumn = (i: number, value: string) => setMapping(mapping.map((m, n) => (n === i ? value || null : m)));
  const c = dry?.counts;
  return (
    <div class="stack">
      <section class="card import-card">
        <div class="card-header">
          <h2>Match the columns</h2>
          <p class="muted">
            {draft.fileName}: {draft.totalRows.toLocaleString()} rows. Each column fills the field you choose; empty cells never clear a
            field.
          </p>
        </div>
        <div class="table-wrap">
          <table class="table import-map">
            <thead>
              <tr>
                <th scope="col">Column in the file</th>
                <th scope="col" class="import-sample">
                  First values
                </th>
                <th scope="col">Imports into</th>
              </tr>
            </thead>
            <tbody>
              {draft.columns.map((column, i) => (
                <tr key={`${i}-${column}`}>
                  <th scope="row">{column || <span class="muted">(no header)</span>}</th>
                  <td class="import-sample">
                    {sample
                      .map((r) => r[i])
                      .filter(Boolean)
                      .slice(0, 3)
                      .join(" · ") || <span class="muted">empty</span>}
                  </td>
                  <td>
                    <select
                      class="select select-sm"
                      aria-label={`Field for column ${column || i + 1}`}
                      value={mapping[i] ?? ""}
                      onChange={(e) => setColumn(i, e.currentTarget.value)}
                    >
                      <option value="">Don't import</option>
                      {importFields.map((f) => (
                        <option key={f} value={f}>
                          {FIELD_LABELS[f]}
                        </option>
                      ))}
                      {customFields.value.map((f) => (
                        <option key={f.key} value={`custom.${f.key}`}>
                          {f.label} (custom)
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="card-body import-options">
          <label class="field">
            <span class="field-label">Country for numbers without a country code</span>
            <input
              class="input input-sm"
              value={country}
              maxLength={2}
              placeholder="PT"
              aria-describedby="country-hint"
              onInput={(e) => setCountry(e.currentTarget.value.toUpperCase())}
            />
            <span class="field-hint" id="country-hint">
              Two letters, e.g. PT, BR, GB. Numbers are stored in international form (E.164).
            </span>
          </label>
          <fieldset class="field">
            <legend class="field-label">Rows whose phone or email is already a contact</legend>
            <label class="radio">
              <input type="radio" name="dup" checked={onDuplicate === "update"} onChange={() => setOnDuplicate("update")} /> Update that
              contact with the file's values
            </label>
            <label class="radio">
              <input type="radio" name="dup" checked={onDuplicate === "skip"} onChange={() => setOnDuplicate("skip")} /> Skip the row, leave
              the contact as it is
            </label>
          </fieldset>
        </div>
      </section>

      <section class="card import-card" aria-live="polite" aria-busy={checking}>
        <div class="card-header">
          <h2>What will happen</h2>
          {checking && <p class="muted">Checking every row…</p>}
        </div>
        {error && (
          <div class="card-body">
            <Alert>
              {error.message} {error.billing && <a href="/billing">See plans</a>}
            </Alert>
          </div>
        )}
        {c && (
          <dl class="stats card-body" data-testid="dry-run-counts">
            <Stat label="New contacts" value={c.create} />
            <Stat label="Updated" value={c.update} />
            <Stat label="No change" value={c.unchanged} />
            <Stat label="Skipped" value={c.skip} />
            <Stat label="Refused" value={c.error} />
          </dl>
        )}
        {dry && (
          <div class="table-wrap import-preview-wrap">
            <table class="table import-preview">
              <caption class="visually-hidden">The first rows and what each becomes</caption>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Result</th>
                  {draft.columns.map((col, i) =>
                    mapping[i] ? (
                      <th key={`${i}-${col}`} scope="col">
                        {col}
                      </th>
                    ) : null,
                  )}
                </tr>
              </thead>
              <tbody>
                {dry.preview.map((p) => (
                  <tr key={p.line} class={p.outcome === "error" ? "import-row-error" : undefined}>
                    <td>{p.line}</td>
                    <td>
                      <span class={`badge import-${p.outcome}`}>{OUTCOME[p.outcome]}</span>
                      {p.message && <div class="import-reason">{p.message}</div>}
                    </td>
                    {p.cells.map((cell, i) => (mapping[i] ? <td key={i}>{cell}</td> : null))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div class="card-footer cluster">
          <button
            type="button"
            class="btn btn-primary"
            disabled={!c || checking || starting || c.create + c.update === 0}
            onClick={() => void start()}
          >
            {starting ? "Starting…" : c ? `Import ${(c.create + c.update).toLocaleString()} contacts` : "Import"}
          </button>
          {c && c.error > 0 && <span class="muted">Refused rows are listed in a report you can download when the import is done.</span>}
        </div>
      </section>
    </div>
  );
}

const Stat = ({ label, value }: { label: string; value: number }) => (
  <div class="stat">
    <dt>{label}</dt>
    <dd>{value.toLocaleString()}</dd>
  </div>
);
