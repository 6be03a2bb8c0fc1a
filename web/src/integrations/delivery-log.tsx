/** One endpoint's deliveries, newest first: event, outcome, answer, attempts, next retry; resend. */
import { useEffect } from "preact/hooks";
import { messageOf } from "../api/client";
import { Alert } from "../components/alert";
import { LoadingRows } from "../components/page";
import { RelativeTime } from "../components/relative-time";
import { toast } from "../components/toasts";
import { useResource } from "../hooks/use-resource";
import { type Delivery, type Endpoint, integrationsApi } from "./integrations-api";

const STATUS_BADGE: Record<Delivery["status"], string> = {
  succeeded: "badge badge-success",
  failed: "badge badge-danger",
  retrying: "badge badge-warning",
  pending: "badge",
};

/** `version` moves when a live frame says this endpoint's deliveries changed. */
export function DeliveryLog({ endpoint, version }: { endpoint: Endpoint; version: number }) {
  const log = useResource(() => integrationsApi.deliveries(endpoint.id).then((r) => r.deliveries), [endpoint.id]);
  useEffect(() => {
    if (version) void log.reload();
  }, [version]);

  async function resend(d: Delivery) {
    try {
      const { delivery } = await integrationsApi.resend(d.id);
      log.update((all) => [delivery, ...all]);
      toast("Resending");
    } catch (err) {
      toast(messageOf(err), "error");
    }
  }

  return (
    <div class="integration-log" aria-label={`Deliveries to ${endpoint.url}`} role="region">
      {log.error && <Alert>{log.error}</Alert>}
      {!log.data && log.loading && <LoadingRows rows={2} />}
      {log.data && log.data.length === 0 && <p class="card-empty">Nothing delivered yet. “Send test event” posts a signed ping.</p>}
      {log.data && log.data.length > 0 && (
        <div class="table-wrap">
          <table class="table integration-deliveries">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Answer</th>
                <th scope="col">Attempts</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {log.data.map((d) => (
                <tr key={d.id}>
                  <td data-label="When">
                    <RelativeTime at={d.createdAt} />
                  </td>
                  <td data-label="Event">
                    <code>{d.eventType}</code>
                    {d.resendOf && <span class="muted small"> (resent)</span>}
                  </td>
                  <td data-label="Status">
                    <span class={STATUS_BADGE[d.status]}>{d.status}</span>
                  </td>
                  <td data-label="Answer" class="integration-answer" title={d.responseBody ?? undefined}>
                    {d.responseStatus ?? "—"}
                    {d.durationMs !== null && <span class="muted small"> · {d.durationMs} ms</span>}
                    {d.responseStatus === null && d.responseBody && <span class="muted small"> {d.responseBody}</span>}
                  </td>
                  <td data-label="Attempts">
                    {d.attempts}
                    {d.nextAttemptAt && (
                      <span class="muted small">
                        {" "}
                        · next <RelativeTime at={d.nextAttemptAt} />
                      </span>
                    )}
                  </td>
                  <td data-label="Resend">
                    <button type="button" class="btn btn-ghost btn-sm" onClick={() => void resend(d)} disabled={!endpoint.enabled}>
                      Resend
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
