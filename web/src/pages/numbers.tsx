/** WhatsApp numbers: the list for everyone; connecting, removing and the webhook values for admins. */
import { useState } from "preact/hooks";
import { numbersApi } from "../api/numbers";
import type { PublicNumber } from "../api/types";
import { Alert } from "../components/alert";
import { ConfirmDialog } from "../components/confirm-dialog";
import { PhoneIcon } from "../components/icons";
import { LoadingRows, Page } from "../components/page";
import { RelativeTime } from "../components/relative-time";
import { toast } from "../components/toasts";
import { useResource } from "../hooks/use-resource";
import { isAdmin } from "../session/roles";
import { currentUser } from "../session/session";
import { ConnectNumberForm } from "./numbers/connect-number-form";
import { WebhookCard } from "./numbers/webhook-card";

const phone = (n: PublicNumber) => (n.displayPhoneNumber ? `+${n.displayPhoneNumber}` : n.phoneNumberId);

export default function NumbersPage() {
  const admin = isAdmin(currentUser.value?.role);
  const res = useResource(() => numbersApi.list());
  const [removing, setRemoving] = useState<PublicNumber | null>(null);
  const numbers = res.data?.numbers ?? [];

  return (
    <Page title="WhatsApp numbers" description="The WhatsApp Business numbers your team answers from.">
      <section class="card" aria-labelledby="numbers-title">
        <div class="card-header">
          <h2 id="numbers-title">Connected numbers</h2>
        </div>
        {res.error && (
          <div class="card-body">
            <Alert>{res.error}</Alert>
          </div>
        )}
        {!res.data && res.loading && <LoadingRows rows={2} />}
        {res.data && numbers.length === 0 && (
          <div class="empty">
            <div class="empty-icon">
              <PhoneIcon />
            </div>
            <h2>No numbers yet</h2>
            <p>{admin ? "Connect your first WhatsApp Business number below." : "Ask an admin to connect your WhatsApp Business number."}</p>
          </div>
        )}
        {numbers.length > 0 && (
          <ul class="number-list">
            {numbers.map((n) => (
              <li key={n.id} class="number-item">
                <span class="number-icon" aria-hidden="true">
                  <PhoneIcon />
                </span>
                <div class="number-main">
                  <strong>{n.verifiedName ?? "Unnamed business"}</strong>
                  <span class="number-phone">{phone(n)}</span>
                  <dl class="number-meta">
                    <div>
                      <dt>Phone number ID</dt>
                      <dd class="mono">{n.phoneNumberId}</dd>
                    </div>
                    <div>
                      <dt>WABA ID</dt>
                      <dd class="mono">{n.wabaId}</dd>
                    </div>
                    <div>
                      <dt>Connected</dt>
                      <dd>
                        <RelativeTime at={n.createdAt} />
                      </dd>
                    </div>
                  </dl>
                </div>
                {admin && (
                  <button
                    type="button"
                    class="btn btn-ghost btn-sm danger"
                    onClick={() => setRemoving(n)}
                    aria-label={`Remove ${phone(n)}`}
                  >
                    Remove
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {admin && (
        <ConnectNumberForm
          onConnected={(n) => {
            res.update((d) => ({ ...d, numbers: [...d.numbers, n] }));
            toast(`${phone(n)} connected`);
          }}
        />
      )}
      {res.data?.webhook && <WebhookCard webhook={res.data.webhook} />}
      {removing && (
        <ConfirmDialog
          title={`Remove ${phone(removing)}?`}
          confirmLabel="Remove number"
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await numbersApi.remove(removing.id);
            res.update((d) => ({ ...d, numbers: d.numbers.filter((n) => n.id !== removing.id) }));
            toast(`${phone(removing)} removed`);
          }}
        >
          <p>
            Messages sent to this number stop reaching Parley, and the team can no longer reply from it. Its conversations stay in your
            history.
          </p>
        </ConfirmDialog>
      )}
    </Page>
  );
}
