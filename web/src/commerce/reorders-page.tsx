/**
 * "Due to reorder": customers whose predicted cycle has come (overdue) or comes this week, each with
 * why we think so and a one-click template message (the window is usually closed by then).
 */
import { useState } from "preact/hooks";
import { commerceApi, type DueReorder } from "../api/commerce";
import { Alert } from "../components/alert";
import { LoadingRows, Page } from "../components/page";
import { exactTime, now, relativeTime } from "../format/time";
import { useResource } from "../hooks/use-resource";
import { ReorderTemplateDialog } from "./reorder-template-dialog";

type Window = "overdue" | "week" | "all";
const windows: [Window, string][] = [
  ["week", "This week"],
  ["overdue", "Overdue"],
  ["all", "All upcoming"],
];

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
                    <td class="cell-head cell-nowrap">
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
      {messaging && <ReorderTemplateDialog due={messaging} onClose={() => setMessaging(null)} />}
    </Page>
  );
}
