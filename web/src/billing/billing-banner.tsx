/** For owners, on every page: the trial's end, the grace period after a failed payment, or paused sending. */
import { useEffect } from "preact/hooks";
import { currentUser } from "../session/session";
import { formatDay } from "./format";
import { billingSummary, refreshBilling } from "./billing-state";

export function BillingBanner() {
  const owner = currentUser.value?.role === "owner";
  useEffect(() => {
    if (owner && !billingSummary.value) refreshBilling().catch(() => undefined);
  }, [owner]);
  const b = billingSummary.value;
  if (!owner || !b) return null;
  if (b.standing === "grace") {
    return (
      <div class="billing-banner is-warning" role="status">
        <span>
          {b.hasSubscription ? "Your last payment failed." : "Your trial has ended."} Sending pauses on {formatDay(b.graceEndsAt)} unless
          it's settled.
        </span>
        <a class="btn btn-sm" href="/billing">
          {b.hasSubscription ? "Update payment" : "Choose a plan"}
        </a>
      </div>
    );
  }
  if (b.standing === "restricted") {
    return (
      <div class="billing-banner is-danger" role="alert">
        <span>Sending is paused until the subscription is paid. Incoming messages keep arriving.</span>
        <a class="btn btn-sm" href="/billing">
          Settle billing
        </a>
      </div>
    );
  }
  return null;
}
