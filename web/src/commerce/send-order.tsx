/**
 * "Send to customer" in an order's dialog: the order's lines, totals and status go to the customer's
 * WhatsApp chat as text while the 24-hour window is open. After it the server answers window_closed and
 * the approved templates are offered, each shown as the customer will read it (first name, order number,
 * status and total fill its {{n}} in order; one that needs more values is left to the conversation).
 */
import { useState } from "preact/hooks";
import { ApiError, messageOf } from "../api/client";
import { commerceApi, type OrderDetail } from "../api/commerce";
import { inboxApi, type PublicTemplate } from "../api/inbox";
import { Alert } from "../components/alert";
import { toast } from "../components/toasts";
import { orderTemplateParams } from "../../../worker/commerce/order-message-text";
import { TemplateChoices } from "./template-choices";

export function SendOrder({ order }: { order: OrderDetail["order"] }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [templates, setTemplates] = useState<PublicTemplate[] | null>(null);
  // The very values the server fills the template with.
  const known = orderTemplateParams(order, order.contactName);

  async function send(template?: PublicTemplate) {
    setBusy(true);
    setError(null);
    try {
      await commerceApi.sendOrder(order.id, {
        clientId: crypto.randomUUID(),
        ...(template && { template: { name: template.name, language: template.language } }),
      });
      toast(`Order #${order.number} sent to ${order.contactName ?? "the customer"} on WhatsApp.`);
      setTemplates(null);
    } catch (err) {
      if (err instanceof ApiError && err.code === "window_closed" && !template) {
        const r = await inboxApi.templates().catch(() => ({ templates: [] as PublicTemplate[] }));
        setTemplates(r.templates.filter((t) => t.status === "APPROVED"));
      } else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="stack send-order">
      <button type="button" class="btn align-start" disabled={busy} onClick={() => send()}>
        Send to customer
      </button>
      {templates && (
        <div class="stack">
          <p class="muted small">The 24-hour window has closed: WhatsApp lets you write first only with an approved template.</p>
          <TemplateChoices templates={templates} known={known} busy={busy} onSend={(t) => send(t)} />
        </div>
      )}
      {error && <Alert>{error}</Alert>}
    </div>
  );
}
