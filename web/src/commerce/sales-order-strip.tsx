/**
 * Under a WhatsApp catalog order in the conversation: the draft sales order Parley made of it, with
 * "Confirm order". It appears live when the draft is created (an OrgInbox order frame) and follows
 * every later change.
 */
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { MessageContent, OrderSummary } from "../../../durable/protocol";
import { OrderCard } from "../inbox/message-cards";
import { messageOf } from "../api/client";
import { commerceApi } from "../api/commerce";
import { toast } from "../components/toasts";
import { formatMinor } from "../format/money";
import { liveOrders, noteOrder } from "./order-live";
import { OrderStatusBadge } from "./order-status-badge";

/**
 * The catalog's name for each item of a WhatsApp order, by position: the draft's lines follow the items
 * it kept (those with a quantity), in order. Free-text lines (no product) keep the retailer id shown.
 */
function namesByItem(items: { quantity: number }[], lines: { productId: string | null; name: string }[]): (string | undefined)[] {
  let next = 0;
  return items.map((i) => {
    if (i.quantity <= 0) return undefined;
    const line = lines[next++];
    return line?.productId ? line.name : undefined;
  });
}

/** The WhatsApp order's card (items named as in the catalog), its text, and under them the draft's strip. */
export function WhatsAppOrderMessage({
  c,
  wamid,
  inbound,
  children,
}: {
  c: Extract<MessageContent, { type: "order" }>;
  wamid: string | null;
  inbound: boolean;
  children?: ComponentChildren;
}) {
  const [names, setNames] = useState<(string | undefined)[] | undefined>(undefined);
  const [fetched, setFetched] = useState<OrderSummary | null>(null);
  // A draft made while the conversation is open arrives as a live frame: then its lines are read.
  const liveId = wamid ? [...liveOrders.value.values()].find((o) => o.sourceWamid === wamid)?.id : undefined;
  useEffect(() => {
    if (!wamid || !inbound) return;
    let current = true;
    commerceApi
      .orders({ sourceWamid: wamid, limit: 1 })
      .then(async (r) => {
        const summary = r.orders[0];
        if (!summary || !current) return;
        setFetched(summary);
        const detail = await commerceApi.order(summary.id);
        if (current) setNames(namesByItem(c.items, detail.lines));
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [wamid, inbound, liveId]);
  return (
    <>
      <OrderCard c={c} names={names} />
      {children}
      {inbound && <SalesOrderStrip wamid={wamid} fetched={fetched} />}
    </>
  );
}

function SalesOrderStrip({ wamid, fetched }: { wamid: string | null; fetched: OrderSummary | null }) {
  const [busy, setBusy] = useState(false);
  const live = wamid ? [...liveOrders.value.values()].find((o) => o.sourceWamid === wamid) : undefined;
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
