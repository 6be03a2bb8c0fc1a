/**
 * Under a WhatsApp catalog order in the conversation: the draft sales order Parley made of it, with
 * "Confirm order". It appears live when the draft is created (an OrgInbox order frame) and follows
 * every later change.
 */
import { useEffect, useState } from "preact/hooks";
import type { OrderSummary } from "../../../durable/protocol";
import { messageOf } from "../api/client";
import { commerceApi } from "../api/commerce";
import { toast } from "../components/toasts";
import { formatMinor } from "../format/money";
import { liveOrders, noteOrder } from "./order-live";
import { OrderStatusBadge } from "./order-status-badge";

export function SalesOrderStrip({ wamid }: { wamid: string | null }) {
  const [fetched, setFetched] = useState<OrderSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const live = wamid ? [...liveOrders.value.values()].find((o) => o.sourceWamid === wamid) : undefined;
  useEffect(() => {
    if (!wamid) return;
    let current = true;
    commerceApi.orders({ sourceWamid: wamid, limit: 1 }).then(
      (r) => current && r.orders[0] && setFetched(r.orders[0]),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [wamid]);
  const order = live && (!fetched || live.updatedAt >= fetched.updatedAt) ? live : fetched;
  if (!order) return null;

  async function confirm() {
    if (!order) return;
    setBusy(true);
    try {
      const { order: updated } = await commerceApi.moveOrder(order.id, "confirmed");
      noteOrder(updated);
      toast(`Order #${updated.number} confirmed.`);
    } catch (err) {
      toast(messageOf(err), "error");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="sales-order-strip">
      <span>
        Order <a href={`/orders?order=${encodeURIComponent(order.id)}`}>#{order.number}</a> ·{" "}
        {formatMinor(order.totalMinor, order.currency)}
      </span>
      <OrderStatusBadge status={order.status} />
      {order.status === "draft" && (
        <button type="button" class="btn btn-primary btn-sm" disabled={busy} onClick={confirm}>
          Confirm order
        </button>
      )}
    </div>
  );
}
