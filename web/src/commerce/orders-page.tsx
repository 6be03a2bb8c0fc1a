/** Orders: filter by status, dates and product; totals for the filter; CSV of the same; an order's dialog (order-dialog.tsx). */
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { OrderSummary } from "../../../durable/protocol";
import { commerceApi, type OrderFilters } from "../api/commerce";
import { Alert } from "../components/alert";
import { LoadingRows, Page } from "../components/page";
import { formatMinor } from "../format/money";
import { exactTime } from "../format/time";
import { useResource } from "../hooks/use-resource";
import { liveOrders, orderStatusLabels } from "./order-live";
import { useOrderFrames } from "./order-socket";
import { OrderStatusBadge } from "./order-status-badge";

import { OrderDialog, sourceLabels } from "./order-dialog";

const statuses = Object.keys(orderStatusLabels) as OrderSummary["status"][];

/** The order's dialog opens over the same filtered list (the contact filter lives in the URL too). */
const orderHref = (orderId: string, f: OrderFilters) =>
  `/orders?${new URLSearchParams({ ...(f.contactId && { contact: f.contactId }), order: orderId })}`;

export default function OrdersPage() {
  const { query, route } = useLocation();
  const [picked, setFilters] = useState<OrderFilters>({});
  // The contact panel links here with ?contact=…: one customer's orders.
  const filters: OrderFilters = { ...picked, contactId: query.contact || undefined };
  const products = useResource(() => commerceApi.products({ limit: 500 }));
  const changed = Math.max(0, ...[...liveOrders.value.values()].map((o) => o.updatedAt));
  const list = useResource(() => commerceApi.orders({ ...filters, limit: 200 }), [JSON.stringify(filters), changed]);
  useOrderFrames(() => void list.reload());
  const set = (k: keyof OrderFilters, v: string) => setFilters((f) => ({ ...f, [k]: v || undefined }));
  const openId = query.order;
  return (
    <Page
      title="Orders"
      description="Sales orders from the inbox and from WhatsApp catalog orders."
      actions={
        <a class="btn" href={commerceApi.ordersCsvUrl(filters)} download>
          Export CSV
        </a>
      }
    >
      <section class="card">
        <div class="card-header commerce-filters">
          <label class="field">
            <span class="field-label">Status</span>
            <select class="select select-sm" value={filters.status ?? ""} onChange={(e) => set("status", e.currentTarget.value)}>
              <option value="">All</option>
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {orderStatusLabels[s]}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span class="field-label">Product</span>
            <select class="select select-sm" value={filters.productId ?? ""} onChange={(e) => set("productId", e.currentTarget.value)}>
              <option value="">Any</option>
              {products.data?.products.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span class="field-label">From</span>
            <input class="input input-sm" type="date" value={filters.from ?? ""} onChange={(e) => set("from", e.currentTarget.value)} />
          </label>
          <label class="field">
            <span class="field-label">To</span>
            <input class="input input-sm" type="date" value={filters.to ?? ""} onChange={(e) => set("to", e.currentTarget.value)} />
          </label>
          {filters.contactId && (
            <button
              type="button"
              class="btn btn-sm commerce-chip"
              onClick={() => route("/orders")}
              aria-label="Show every customer's orders"
            >
              Customer: {list.data?.orders[0]?.contactName ?? "one customer"} <span aria-hidden="true">×</span>
            </button>
          )}
        </div>
        {list.error && <Alert>{list.error}</Alert>}
        {list.data && (
          <p class="commerce-totals" aria-live="polite">
            <span>
              <strong>{list.data.count}</strong> order{list.data.count === 1 ? "" : "s"}
            </span>
            {list.data.totals.map((t) => (
              <span key={t.currency}>
                <strong>{formatMinor(t.totalMinor, t.currency)}</strong> {t.currency}
              </span>
            ))}
          </p>
        )}
        {list.loading && !list.data && <LoadingRows rows={4} />}
        {list.data && list.data.orders.length === 0 && <p class="card-empty">No orders match these filters.</p>}
        {list.data && list.data.orders.length > 0 && (
          <div class="table-wrap">
            <table class="table orders-table">
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Status</th>
                  <th scope="col" class="hide-narrow">
                    Source
                  </th>
                  <th scope="col" class="hide-narrow">
                    Created
                  </th>
                  <th scope="col" class="num">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.orders.map((o) => (
                  <tr key={o.id}>
                    <td class="cell-head">
                      <a href={orderHref(o.id, filters)}>#{o.number}</a>
                    </td>
                    <td data-label="Customer">{o.contactName ?? "—"}</td>
                    <td data-label="Status">
                      <OrderStatusBadge status={liveOrders.value.get(o.id)?.status ?? o.status} />
                    </td>
                    <td class="hide-narrow">{sourceLabels[o.source] ?? o.source}</td>
                    <td class="hide-narrow cell-nowrap">{exactTime(o.createdAt)}</td>
                    <td class="num" data-label="Total">
                      {formatMinor(o.totalMinor, o.currency)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {openId && (
        <OrderDialog
          orderId={openId}
          onClose={() => route(query.contact ? `/orders?contact=${encodeURIComponent(query.contact)}` : "/orders")}
        />
      )}
    </Page>
  );
}
