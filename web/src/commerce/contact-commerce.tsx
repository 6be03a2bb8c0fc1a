/**
 * The contact's purchases beside the chat: lifetime value, orders, what they buy and when they will need
 * it again ("every ~28 days, based on 5 orders"), their recent orders, and "New order". Reloads when an
 * order of theirs changes anywhere (an OrgInbox order frame).
 */
import { useEffect, useState } from "preact/hooks";
import { commerceApi, type PurchaseHistory } from "../api/commerce";
import { formatMinor } from "../format/money";
import { exactTime, now, relativeTime } from "../format/time";
import { NewOrderDialog } from "./new-order-dialog";
import { liveOrders } from "./order-live";
import { OrderStatusBadge } from "./order-status-badge";

/** Beside the chat and on the contact page; without a conversation, a new order is linked to none. */
export function ContactCommerce({ contactId, conversationId }: { contactId: string; conversationId?: string }) {
  const [history, setHistory] = useState<PurchaseHistory | null>(null);
  const [creating, setCreating] = useState(false);
  // Any live change to this contact's orders: the newest one's time is the reload key.
  const changedAt = Math.max(0, ...[...liveOrders.value.values()].filter((o) => o.contactId === contactId).map((o) => o.updatedAt));
  useEffect(() => {
    let current = true;
    commerceApi.history(contactId).then(
      (h) => current && setHistory(h),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [contactId, changedAt]);

  return (
    <section class="panel-section contact-commerce" aria-labelledby="contact-commerce-title">
      <div class="panel-row">
        <h3 class="panel-label" id="contact-commerce-title">
          Purchases
        </h3>
        <button type="button" class="btn btn-sm btn-primary" onClick={() => setCreating(true)}>
          New order
        </button>
      </div>
      {!history ? null : history.stats.length === 0 && history.orders.length === 0 ? (
        <p class="field-hint">No orders yet.</p>
      ) : (
        <>
          {history.stats.map((s) => (
            <dl class="dl panel-dl" key={s.currency}>
              <dt>Lifetime value</dt>
              <dd>{formatMinor(s.lifetimeMinor, s.currency)}</dd>
              <dt>Orders</dt>
              <dd>
                {s.orderCount} · avg {formatMinor(s.averageOrderMinor, s.currency)}
              </dd>
              <dt>First / last</dt>
              <dd title={`${exactTime(s.firstOrderAt)} / ${exactTime(s.lastOrderAt)}`}>
                {relativeTime(s.firstOrderAt, now.value)} / {relativeTime(s.lastOrderAt, now.value)}
              </dd>
            </dl>
          ))}
          {history.predictions.length > 0 && (
            <ul class="commerce-list" aria-label="Reorder predictions">
              {history.predictions.map((p) => (
                <li key={p.productId}>
                  <strong>{p.productName}</strong>
                  <span class={p.nextAt < now.value ? "text-warning" : "muted"}>
                    {p.nextAt < now.value ? "due " : "next "}
                    {relativeTime(p.nextAt, now.value)}
                  </span>
                  <span class="muted small">{p.explanation}</span>
                </li>
              ))}
            </ul>
          )}
          {history.products.length > 0 && (
            <ul class="commerce-list" aria-label="Products bought">
              {history.products.map((p) => (
                <li key={p.productId}>
                  <span>
                    {p.name} ×{p.quantity}
                  </span>
                  <span class="muted small">
                    {p.orderCount} order{p.orderCount === 1 ? "" : "s"} · {relativeTime(p.lastAt, now.value)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <ul class="commerce-list" aria-label="Recent orders">
            {history.orders.slice(0, 5).map((o) => (
              <li key={o.id} class="commerce-order">
                <a href={`/orders?contact=${encodeURIComponent(contactId)}&order=${encodeURIComponent(o.id)}`}>#{o.number}</a>
                <OrderStatusBadge status={o.status} />
                <span class="commerce-amount">{formatMinor(o.totalMinor, o.currency)}</span>
              </li>
            ))}
          </ul>
          <a class="small" href={`/orders?contact=${encodeURIComponent(contactId)}`}>
            All their orders
          </a>
        </>
      )}
      {creating && <NewOrderDialog contactId={contactId} conversationId={conversationId} onClose={() => setCreating(false)} />}
    </section>
  );
}
