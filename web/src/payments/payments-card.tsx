/**
 * Settings → Payments: the organization's own Stripe account, to take payment from its customers through
 * links in chat (separate from paying Parley, which is Billing). The owner connects it through Stripe's
 * onboarding; coming back lands here with ?payments=done and the state is read from Stripe at once.
 */
import { useEffect, useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { paymentsApi, type ConnectionView } from "../api/payments";
import { Alert } from "../components/alert";
import { ConfirmDialog } from "../components/confirm-dialog";
import { LoadingRows } from "../components/page";
import { toast } from "../components/toasts";
import { currentUser } from "../session/session";

/** Stripe's requirement codes, in words an owner knows. */
const requirementWords = (code: string) =>
  ({
    external_account: "a bank account for payouts",
    "business_profile.url": "your website",
    "representative.first_name": "who represents the business",
  })[code] ?? code.replaceAll("_", " ").replaceAll(".", " → ");

export function PaymentsCard() {
  const owner = currentUser.value?.role === "owner";
  const [connection, setConnection] = useState<ConnectionView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [disconnecting, setDisconnecting] = useState(false);

  useEffect(() => {
    const back = new URLSearchParams(location.search).get("payments");
    // Back from Stripe's onboarding: ask Stripe now rather than wait for its webhook.
    const load = back && owner ? paymentsApi.refresh() : paymentsApi.connection();
    load.then(
      (r) => {
        setConnection(r.connection);
        if (back === "done" && r.connection.chargesEnabled) toast("Stripe is connected: agents can send payment links.");
        if (back) history.replaceState(null, "", location.pathname);
      },
      (e) => setError(messageOf(e)),
    );
  }, [owner]);

  async function onboard() {
    setBusy(true);
    setError(null);
    try {
      location.assign((await paymentsApi.onboarding()).url);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  const c = connection;
  return (
    <section class="card" aria-labelledby="payments-title">
      <div class="card-header">
        <div>
          <h2 id="payments-title">Payments</h2>
          <p>
            Take payment from your customers: agents send a Stripe payment link for an order in the chat, and the order turns paid by
            itself.
          </p>
        </div>
        {c?.chargesEnabled && <span class="badge badge-success">Taking payments</span>}
      </div>
      <div class="card-body stack">
        {error && <Alert>{error}</Alert>}
        {!c && !error && <LoadingRows rows={1} />}
        {c && !c.connected && (
          <p class="muted">No Stripe account connected. Money goes straight to your own Stripe account; Parley never sees card details.</p>
        )}
        {c?.connected && !c.chargesEnabled && (
          <div class="stack">
            <p>
              Stripe account <code>{c.accountId}</code> is connected, but Stripe has not enabled payments yet.
            </p>
            {c.requirements.length > 0 && <p class="muted">Stripe still needs {c.requirements.map(requirementWords).join(", ")}.</p>}
          </div>
        )}
        {c?.chargesEnabled && (
          <p>
            Payment links go to <strong>{c.displayName ?? "your"}</strong> Stripe account <code>{c.accountId}</code>.
          </p>
        )}
        {c && owner && (
          <div class="cluster">
            {!c.chargesEnabled && (
              <button type="button" class="btn btn-primary" disabled={busy} onClick={onboard}>
                {c.connected ? "Finish setup on Stripe" : "Connect Stripe"}
              </button>
            )}
            {c.connected && (
              <button type="button" class="btn btn-ghost danger" onClick={() => setDisconnecting(true)}>
                Disconnect
              </button>
            )}
          </div>
        )}
        {c && !owner && !c.chargesEnabled && <p class="muted small">Only the owner can connect a Stripe account.</p>}
      </div>
      {disconnecting && (
        <ConfirmDialog
          title="Disconnect Stripe?"
          confirmLabel="Disconnect"
          onClose={() => setDisconnecting(false)}
          onConfirm={async () => {
            await paymentsApi.disconnect();
            setConnection((await paymentsApi.connection()).connection);
            toast("Stripe disconnected. Links already sent still work until they expire.");
          }}
        >
          <p>
            Agents will no longer be able to send payment links. Links already sent keep working until they expire, and payments still mark
            their orders paid. Your Stripe account itself is not affected.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
