/** The run log: what fired, why, what it did, and errors; refreshed while the page is open. */
import { useEffect, useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { Alert } from "../components/alert";
import { RelativeTime } from "../components/relative-time";
import { automationApi, type Run, type Trigger } from "./automation-api";
import { TRIGGER_LABELS } from "./rule-words";

const OUTCOME_BADGE: Record<Run["outcome"], string> = {
  done: "badge badge-success",
  failed: "badge badge-danger",
  skipped: "badge badge-warning",
  running: "badge",
};

/** Often enough to watch a rule work while testing it; one small query. */
const REFRESH_MS = 5000;

export function RunLog({ version }: { version: number }) {
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    automationApi.runs().then(
      (r) => {
        setRuns(r.runs);
        setError(null);
      },
      (err) => setError(messageOf(err)),
    );
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [version]);

  return (
    <section class="card" aria-labelledby="runs-title">
      <div class="card-header">
        <div>
          <h2 id="runs-title">Run log</h2>
          <p>The last 50 times a rule or the away message fired, newest first.</p>
        </div>
        <button type="button" class="btn btn-sm" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {error && (
        <div class="card-body">
          <Alert>{error}</Alert>
        </div>
      )}
      {runs && runs.length === 0 && <p class="card-empty">Nothing has fired yet.</p>}
      {runs && runs.length > 0 && (
        <div class="table-wrap">
          <table class="table automation-runs">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Rule</th>
                <th scope="col">Outcome</th>
                <th scope="col">Why</th>
                <th scope="col">What it did</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td data-label="When">
                    <RelativeTime at={r.createdAt} />
                  </td>
                  <td data-label="Rule">{r.conversationId ? <a href={`/inbox/${r.conversationId}`}>{r.ruleName}</a> : r.ruleName}</td>
                  <td data-label="Outcome">
                    <span class={OUTCOME_BADGE[r.outcome]}>{r.outcome}</span>
                  </td>
                  <td data-label="Why" class="automation-why">
                    <span class="muted">{TRIGGER_LABELS[r.trigger as Trigger] ?? r.trigger}:</span> {r.reason}
                  </td>
                  <td data-label="What it did">
                    {r.did.length > 0 && (
                      <ul class="automation-did">
                        {r.did.map((d, i) => (
                          <li key={i}>{d}</li>
                        ))}
                      </ul>
                    )}
                    {r.error && <span class="automation-error">{r.error}</span>}
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
