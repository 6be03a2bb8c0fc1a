/**
 * "Due to reorder": customers whose predicted cycle has come (overdue) or comes this week, each with
 * why we think so and a one-click template message (the window is usually closed by then).
 */
import { useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { commerceApi, type DueReorder } from "../api/commerce";
import { inboxApi } from "../api/inbox";
import { Alert } from "../components/alert";
import { Dialog } from "../components/dialog";
import { LoadingRows, Page } from "../components/page";
import { toast } from "../components/toasts";
import { exactTime, now, relativeTime } from "../format/time";
import { useResource } from "../hooks/use-resource";

type Window = "overdue" | "week" | "all";
const windows: [Window, string][] = [
  ["week", "This week"],
  ["overdue", "Overdue"],
  ["all", "All upcoming"],
];

function TemplateSend({ due, onClose }: { due: DueReorder; onClose: () => void }) {
  const templates = useResource(() => inboxApi.templates().then((r) => r.templates.filter((t) => t.status === "APPROVED")));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function send(name: string, language: string) {
    if (!due.conversationId) return;
    setBusy(true);
    try {
      await inboxApi.send(due.conversationId, { type: "template", clientId: crypto.randomUUID(), name, language, params: [] });
      toast(`Template sent to ${due.contactName ?? "the customer"}.`);
      onClose();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog title={`Message ${due.contactName ?? "customer"} about ${due.productName}`} onClose={onClose} busy={busy}>
      {templates.loading && <LoadingRows rows={2} />}
      {templates.data?.length === 0 && <p>No approved templates yet: sync them from the inbox's template picker.</p>}
      <ul class="commerce-list">
        {templates.data?.map((t) => (
          <li key={t.id}>
            <button type="button" class="btn btn-ghost btn-sm" disabled={busy} onClick={() => send(t.name, t.language)}>
              Send “{t.name}” ({t.language})
            </button>
          </li>
        ))}
      </ul>
      {error && <Alert>{error}</Alert>}
    </Dialog>
  );
}

export default function ReordersPage() {
  const [window, setWindow] = useState<Window>("week");
  const [messaging, setMessaging] = useState<DueReorder | null>(null);
  const list = useResource(() => commerceApi.reorders(window).then((r) => r.due), [window]);
  return (
    <Page
      title="Due to reorder"
      description="Predicted from each customer's own order intervals, else the product's, else other customers'."
    >
      <section class="card">
        <div class="card-header commerce-filters" role="group" aria-label="When">
          {windows.map(([w, label]) => (
            <button
              key={w}
              type="button"
              class={w === window ? "btn btn-sm btn-primary" : "btn btn-sm"}
              aria-pressed={w === window}
              onClick={() => setWindow(w)}
            >
              {label}
            </button>
          ))}
        </div>
        {list.error && <Alert>{list.error}</Alert>}
        {list.loading && !list.data && <LoadingRows rows={3} />}
        {list.data?.length === 0 && <p class="card-empty">Nobody is due {window === "overdue" ? "yet" : "this week"}.</p>}
        {list.data && list.data.length > 0 && (
          <div class="table-wrap">
            <table class="table reorders-table">
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  <th scope="col">Product</th>
                  <th scope="col">Due</th>
                  <th scope="col">Why</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((d) => (
                  <tr key={`${d.contactId}:${d.productId}`}>
                    <td class="cell-head">
                      {d.conversationId ? (
                        <a href={`/inbox/${d.conversationId}`}>{d.contactName ?? "Customer"}</a>
                      ) : (
                        (d.contactName ?? "Customer")
                      )}
                    </td>
                    <td data-label="Product">{d.productName}</td>
                    <td data-label="Due" title={exactTime(d.nextAt)} class={d.overdue ? "text-warning" : undefined}>
                      {d.overdue ? "overdue, " : ""}
                      {relativeTime(d.nextAt, now.value)}
                    </td>
                    <td class="reorder-why muted small">
                      {d.explanation} · {d.confidence}% confidence
                    </td>
                    <td class="cell-actions">
                      {d.conversationId && (
                        <button type="button" class="btn btn-sm" onClick={() => setMessaging(d)}>
                          Message with template
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
      {messaging && <TemplateSend due={messaging} onClose={() => setMessaging(null)} />}
    </Page>
  );
}
