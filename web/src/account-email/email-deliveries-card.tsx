/**
 * Settings → Email (admins): the last 100 messages Parley mailed for the organization and how each went,
 * so a failed invite or reset is seen (with the provider's reason) instead of waited for.
 */
import type { z } from "zod";
import type { deliveriesOut } from "../../../worker/openapi/responses/accounts";
import type { EmailTemplateName } from "../../../worker/email/templates";
import { api } from "../api/client";
import { RelativeTime } from "../components/relative-time";
import { useResource } from "../hooks/use-resource";

type Delivery = z.infer<typeof deliveriesOut>["deliveries"][number];

const templateLabels: Record<EmailTemplateName, string> = {
  invitation: "Invitation",
  password_reset: "Password reset",
  verify_email: "Email verification",
  new_sign_in: "New sign-in",
  two_factor_changed: "Two-factor change",
  trial_ending: "Trial ending",
  payment_failed: "Payment failed",
  export_ready: "Export ready",
  deletion_scheduled: "Deletion scheduled",
  webhook_disabled: "Webhook switched off",
};

function StatusBadge({ d }: { d: Delivery }) {
  if (d.status === "sent") return <span class="badge badge-success">Sent</span>;
  if (d.status === "failed") return <span class="badge badge-danger">Failed</span>;
  return <span class="badge badge-accent">{d.attempts > 0 ? `Retrying (${d.attempts})` : "Queued"}</span>;
}

export function EmailDeliveriesCard() {
  const deliveries = useResource(() => api.get<z.infer<typeof deliveriesOut>>("/api/email/deliveries").then((r) => r.deliveries));
  const failed = deliveries.data?.filter((d) => d.status === "failed").length ?? 0;
  return (
    <section class="card" aria-labelledby="email-deliveries-title">
      <div class="card-header">
        <div>
          <h2 id="email-deliveries-title">Email</h2>
          <p>
            The last 100 messages Parley mailed for your organization.{" "}
            {failed > 0 && (
              <strong>
                {failed} could not be delivered{failed === 1 ? "" : " (each says why)"}.
              </strong>
            )}
          </p>
        </div>
        <button type="button" class="btn btn-sm" onClick={() => deliveries.reload()}>
          Refresh
        </button>
      </div>
      <div class="card-body">
        {deliveries.error && <p class="error-text">{deliveries.error}</p>}
        {deliveries.data && !deliveries.data.length && <p class="muted">Nothing mailed yet.</p>}
        {deliveries.data && deliveries.data.length > 0 && (
          <ul class="email-deliveries">
            {deliveries.data.map((d) => (
              <li key={d.id}>
                <div class="email-delivery-head">
                  <strong>{templateLabels[d.template as EmailTemplateName] ?? d.template}</strong>
                  <StatusBadge d={d} />
                  <span class="muted small email-delivery-time">
                    <RelativeTime at={d.createdAt} />
                  </span>
                </div>
                <div class="email-to">{d.to}</div>
                <div class="muted small">{d.subject}</div>
                {d.error && <div class="error-text small">{d.error}</div>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
