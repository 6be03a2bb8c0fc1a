/**
 * "Payment link" in an order's dialog: send a Stripe link for the confirmed order's total in the
 * customer's chat (text inside the 24-hour window, an approved template after it), and follow each link:
 * open until it expires, paid, refunded. The order's frame (any link change touches the order) reloads
 * the list, so a customer paying shows here and in the inbox without a reload.
 */
import { useEffect, useState } from "preact/hooks";
import { ApiError, messageOf } from "../api/client";
import type { OrderDetail } from "../api/commerce";
import { inboxApi, type PublicTemplate } from "../api/inbox";
import { paymentsApi, type ConnectionView, type PublicPaymentLink } from "../api/payments";
import { Alert } from "../components/alert";
import { CopyButton } from "../components/copy-button";
import { RelativeTime } from "../components/relative-time";
import { toast } from "../components/toasts";
import { formatMinor } from "../format/money";
import { exactTime, now } from "../format/time";
import { TemplateChoices } from "../commerce/template-choices";
import { paymentLinkTemplateParams } from "../../../worker/payments/link-text";

function LinkStatus({ link }: { link: PublicPaymentLink }) {
  if (link.status === "paid" && link.refundedMinor > 0)
    return <span class="badge badge-accent">Paid · {formatMinor(link.refundedMinor, link.currency)} refunded</span>;
  if (link.status === "paid") return <span class="badge badge-success">Paid</span>;
  if (link.status === "refunded") return <span class="badge badge-danger">Refunded</span>;
  if (link.status === "expired" || link.expiresAt < now.value) return <span class="badge">Expired</span>;
  return <span class="badge badge-accent">Waiting for payment</span>;
}

export function OrderPayment({ order, liveAt }: { order: OrderDetail["order"]; liveAt: number }) {
  const [links, setLinks] = useState<PublicPaymentLink[] | null>(null);
  const [connection, setConnection] = useState<ConnectionView | null>(null);
  const [templates, setTemplates] = useState<PublicTemplate[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    paymentsApi.links(order.id).then(
      (r) => setLinks(r.links),
      (e) => setError(messageOf(e)),
    );
  }, [order.id, liveAt]);
  useEffect(() => {
    paymentsApi.connection().then(
      (r) => setConnection(r.connection),
      () => undefined,
    );
  }, []);

  const open = links?.find((l) => l.status === "open" && l.expiresAt > now.value);
  // The template preview needs the link's URL; an open one is what the server will reuse.
  const known = paymentLinkTemplateParams(order, order.contactName, open?.url ?? "(payment link)");

  async function send(template?: PublicTemplate) {
    setBusy(true);
    setError(null);
    try {
      const r = await paymentsApi.sendLink(order.id, {
        clientId: crypto.randomUUID(),
        ...(template && { template: { name: template.name, language: template.language } }),
      });
      setLinks((ls) => [r.link, ...(ls ?? []).filter((l) => l.id !== r.link.id)]);
      setTemplates(null);
      toast(`Payment link for order #${order.number} sent to ${order.contactName ?? "the customer"}.`);
    } catch (err) {
      if (err instanceof ApiError && err.code === "window_closed" && !template) {
        const r = await inboxApi.templates().catch(() => ({ templates: [] as PublicTemplate[] }));
        setTemplates(r.templates.filter((t) => t.status === "APPROVED"));
      } else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const payable = order.status === "confirmed";
  const ready = connection?.chargesEnabled ?? false;
  if (!links?.length && !payable) return null;
  return (
    <section class="stack order-payment" aria-label="Payment">
      <div class="cluster">
        <strong>Payment</strong>
        {payable && ready && (
          <button type="button" class="btn btn-sm" disabled={busy} onClick={() => send()}>
            {open ? "Send the link again" : "Send payment link"}
          </button>
        )}
      </div>
      {payable && connection && !ready && (
        <p class="muted small">
          {connection.connected ? "Stripe has not enabled payments on your account yet" : "Connect your Stripe account"} in{" "}
          <a href="/settings">Settings → Payments</a> to send payment links.
        </p>
      )}
      {templates && (
        <div class="stack">
          <p class="muted small">The 24-hour window has closed: WhatsApp lets you write first only with an approved template.</p>
          <TemplateChoices templates={templates} known={known} busy={busy} onSend={(t) => send(t)} />
        </div>
      )}
      {links && links.length > 0 && (
        <ul class="commerce-list payment-links">
          {links.map((l) => (
            <li key={l.id}>
              <LinkStatus link={l} />
              <span>{formatMinor(l.amountMinor, l.currency)}</span>
              <span class="muted small">
                {l.paidAt ? (
                  <>paid {exactTime(l.paidAt)}</>
                ) : l.status === "open" && l.expiresAt > now.value ? (
                  <>
                    expires <RelativeTime at={l.expiresAt} />
                  </>
                ) : (
                  <>sent {exactTime(l.createdAt)}</>
                )}
              </span>
              {l.status === "open" && l.expiresAt > now.value && (
                <CopyButton value={l.url} what="Payment link" class="btn btn-sm btn-ghost" />
              )}
            </li>
          ))}
        </ul>
      )}
      {error && <Alert>{error}</Alert>}
    </section>
  );
}
