/**
 * An order's dialog on the Orders screen: lines and totals, the draft's editor, delivery and notes,
 * sending it and a payment link to the customer, its history and the next statuses. Another agent's
 * change (an OrgInbox order frame) reloads it.
 */
import { useEffect, useState } from "preact/hooks";
import type { OrderSummary } from "../../../durable/protocol";
import { messageOf } from "../api/client";
import { commerceApi, type OrderDetail } from "../api/commerce";
import { Alert } from "../components/alert";
import { Dialog } from "../components/dialog";
import { LoadingRows } from "../components/page";
import { toast } from "../components/toasts";
import { formatMinor } from "../format/money";
import { exactTime } from "../format/time";
import { OrderPayment } from "../payments/order-payment";
import { DeliveryEditor } from "./delivery-editor";
import { EditOrderLines } from "./edit-order-lines";
import { liveOrders, nextStatuses, noteOrder, orderStatusLabels } from "./order-live";
import { OrderStatusBadge } from "./order-status-badge";
import { SendOrder } from "./send-order";

export const sourceLabels: Record<string, string> = { whatsapp: "WhatsApp", agent: "Agent", import: "Import", api: "API" };

export function OrderDialog({ orderId, onClose }: { orderId: string; onClose: () => void }) {
  const [detail, setDetail] = useState<OrderDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  // Another agent's move (an OrgInbox order frame) reloads the open order, history included.
  const liveAt = liveOrders.value.get(orderId)?.updatedAt ?? 0;
  useEffect(() => {
    commerceApi.order(orderId).then(setDetail, (e) => setError(messageOf(e)));
  }, [orderId, liveAt]);
  async function move(status: OrderSummary["status"]) {
    setBusy(true);
    try {
      const d = await commerceApi.moveOrder(orderId, status);
      setDetail(d);
      noteOrder(d.order);
      toast(`Order #${d.order.number} is ${orderStatusLabels[status].toLowerCase()}.`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }
  const o = detail?.order;
  return (
    <Dialog title={o ? `Order #${o.number}` : "Order"} onClose={onClose} busy={busy} class="dialog-order">
      {error && <Alert>{error}</Alert>}
      {!o ? (
        <LoadingRows rows={3} />
      ) : (
        <div class="stack">
          <p>
            <OrderStatusBadge status={o.status} /> {o.contactName ?? "Customer"} ·{" "}
            {o.source === "whatsapp" ? "WhatsApp catalog" : (sourceLabels[o.source] ?? o.source)} · {exactTime(o.createdAt)}
          </p>
          {editing ? (
            <EditOrderLines
              detail={detail}
              onSaved={(d) => {
                setDetail(d);
                setEditing(false);
                toast(`Order #${d.order.number} saved.`);
              }}
              onCancel={() => setEditing(false)}
            />
          ) : (
            <>
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">Item</th>
                    <th scope="col" class="num">
                      Qty
                    </th>
                    <th scope="col" class="num">
                      Unit
                    </th>
                    <th scope="col" class="num">
                      Total
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {detail.lines.map((l) => (
                    <tr key={l.id}>
                      <td class="cell-head">
                        <span class="cell-primary">
                          <strong>{l.name}</strong>
                          {l.sku && <span class="mono">{l.sku}</span>}
                        </span>
                      </td>
                      <td class="num" data-label="Qty">
                        {l.quantity}
                      </td>
                      <td class="num" data-label="Unit">
                        {formatMinor(l.unitPriceMinor, o.currency)}
                      </td>
                      <td class="num" data-label="Total">
                        {formatMinor(l.lineTotalMinor, o.currency)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <dl class="dl order-totals">
                <dt>Subtotal</dt>
                <dd>{formatMinor(o.subtotalMinor, o.currency)}</dd>
                {o.discountMinor > 0 && (
                  <>
                    <dt>Discount</dt>
                    <dd>−{formatMinor(o.discountMinor, o.currency)}</dd>
                  </>
                )}
                <dt>Tax ({o.taxRateBps / 100}%)</dt>
                <dd>{formatMinor(o.taxMinor, o.currency)}</dd>
                <dt>Shipping</dt>
                <dd>{formatMinor(o.shippingMinor, o.currency)}</dd>
                <dt>Total</dt>
                <dd>
                  <strong>{formatMinor(o.totalMinor, o.currency)}</strong>
                </dd>
              </dl>
              {o.status === "draft" && (
                <button type="button" class="btn btn-sm align-start" onClick={() => setEditing(true)}>
                  Edit order
                </button>
              )}
            </>
          )}
          <DeliveryEditor
            detail={detail}
            onSaved={(d) => {
              setDetail(d);
            }}
          />
          <SendOrder order={o} />
          <OrderPayment order={o} liveAt={liveAt} />
          <ol class="commerce-list" aria-label="History">
            {detail.history.map((h) => (
              <li key={h.id}>
                <span>{orderStatusLabels[h.toStatus]}</span>
                <span class="muted small">{exactTime(h.at)}</span>
              </li>
            ))}
          </ol>
          <div class="cluster dialog-actions">
            {nextStatuses(o.status).map((s) => (
              <button
                key={s}
                type="button"
                class={s === "cancelled" || s === "refunded" ? "btn btn-ghost danger" : "btn btn-primary"}
                disabled={busy}
                onClick={() => move(s)}
              >
                Mark {orderStatusLabels[s].toLowerCase()}
              </button>
            ))}
            <button type="button" class="btn btn-ghost" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
