/** A draft's way out: send now, or at a time in a time zone (the browser's by default). */
import { useState } from "preact/hooks";
import { ApiError, messageOf } from "../api/client";
import { UpgradePrompt } from "../billing/upgrade-prompt";
import { Alert } from "../components/alert";
import { ConfirmDialog } from "../components/confirm-dialog";
import { FieldFrame } from "../components/field";
import { type CampaignDetail, campaignsApi } from "./campaigns-api";

/** The plan's monthly allowance or an unpaid subscription: shown with the way to settle it, not as a plain error. */
const isBillingRefusal = (err: unknown) => err instanceof ApiError && (err.code === "plan_limit" || err.code === "billing_restricted");

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const zones = (): string[] => {
  const all = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  return all.includes(browserZone()) ? all : [browserZone(), ...all];
};

export function SendControls({
  id,
  willReceive,
  onChanged,
}: {
  id: string;
  willReceive: number | null;
  onChanged: (d: CampaignDetail) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [at, setAt] = useState("");
  const [zone, setZone] = useState(browserZone());
  const [error, setError] = useState<{ message: string; billing: boolean } | null>(null);
  const fail = (err: unknown) => setError({ message: messageOf(err), billing: isBillingRefusal(err) });
  const [pending, setPending] = useState(false);

  async function schedule(e: Event) {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      onChanged(await campaignsApi.send(id, { scheduledAt: at, timeZone: zone }));
    } catch (err) {
      fail(err);
    } finally {
      setPending(false);
    }
  }

  return (
    <section class="card" aria-labelledby="send-title">
      <div class="card-header">
        <h2 id="send-title">Send</h2>
      </div>
      <div class="card-body stack">
        <div>
          <button type="button" class="btn btn-primary" disabled={!willReceive} onClick={() => setConfirming(true)}>
            Send now
          </button>
        </div>
        <form class="form-row schedule-form" onSubmit={schedule}>
          <FieldFrame id="schedule-at" label="Or at">
            <input id="schedule-at" class="input" type="datetime-local" value={at} onInput={(e) => setAt(e.currentTarget.value)} />
          </FieldFrame>
          <FieldFrame id="schedule-zone" label="Time zone">
            <select id="schedule-zone" class="select" value={zone} onChange={(e) => setZone(e.currentTarget.value)}>
              {zones().map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          </FieldFrame>
          <div class="schedule-submit">
            <button type="submit" class="btn" disabled={!at || pending}>
              Schedule
            </button>
          </div>
        </form>
        {error && (error.billing ? <UpgradePrompt message={error.message} /> : <Alert>{error.message}</Alert>)}
      </div>
      {confirming && (
        <ConfirmDialog
          title="Send this campaign now?"
          confirmLabel="Send now"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            setError(null);
            try {
              onChanged(await campaignsApi.send(id));
            } catch (err) {
              if (!isBillingRefusal(err)) throw err;
              // Closed, with the prompt beside the button: the dialog is no place to choose a plan.
              fail(err);
              setConfirming(false);
            }
          }}
        >
          <p>
            {willReceive?.toLocaleString()} contacts will get the message, paced to the number's limit. You can pause or cancel while it
            sends.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
