/** Billing (owners): the plan and where it stands, usage against its limits, plans, the Stripe portal, invoices. */
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { plans } from "../../../worker/billing/plans";
import { billingApi } from "../api/billing";
import { messageOf } from "../api/client";
import { Alert } from "../components/alert";
import { LoadingRows, Page } from "../components/page";
import { useResource } from "../hooks/use-resource";
import { currentUser } from "../session/session";
import { useOrgFrames } from "../live/org-frames";
import { billingSummary, noteBillingChange, refreshBilling } from "./billing-state";
import { formatDay, formatPrice } from "./format";
import { PlanPicker } from "./plan-picker";
import { UsageMeters } from "./usage-meters";

const standingText = {
  trialing: "Trial",
  active: "Active",
  grace: "Payment due",
  restricted: "Sending paused",
} as const;

function Invoices() {
  const invoices = useResource(() => billingApi.invoices().then((r) => r.invoices));
  if (invoices.loading && !invoices.data) return <LoadingRows rows={2} />;
  if (invoices.error) return <Alert>{invoices.error}</Alert>;
  if (!invoices.data?.length) return <p class="muted card-body">No invoices yet.</p>;
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th>Invoice</th>
            <th>Date</th>
            <th>Amount</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {invoices.data.map((i) => (
            <tr key={i.id}>
              <td>{i.url ? <a href={i.url}>{i.number ?? i.id}</a> : (i.number ?? i.id)}</td>
              <td>{formatDay(i.createdAt)}</td>
              <td>{formatPrice(i.amountDue, i.currency)}</td>
              <td>{i.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function BillingPage() {
  const { query } = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const owner = currentUser.value?.role === "owner";
  useEffect(() => {
    if (owner) refreshBilling().catch((err: unknown) => setError(messageOf(err)));
  }, [owner]);
  // Live: Stripe's events (a payment in another tab, a failed renewal) show here without a reload.
  useOrgFrames(
    (frame) => {
      if (frame.t === "billing") noteBillingChange(owner);
    },
    () => noteBillingChange(owner),
  );
  if (!owner) {
    return (
      <Page title="Billing">
        <Alert tone="info">Only owners of your organization manage billing. Ask one of them to change the plan.</Alert>
      </Page>
    );
  }
  const b = billingSummary.value;

  async function openPortal() {
    setOpening(true);
    try {
      window.location.assign((await billingApi.portal()).url);
    } catch (err) {
      setError(messageOf(err));
      setOpening(false);
    }
  }

  return (
    <Page
      title="Billing"
      description="Your plan, what it includes and what you use. Payments run through Stripe; Parley never sees a card."
    >
      {query.checkout === "done" && <Alert tone="success">Thank you: your subscription is active.</Alert>}
      {error && <Alert>{error}</Alert>}
      {!b ? (
        <LoadingRows />
      ) : (
        <>
          <section class="card" aria-labelledby="plan-title">
            <div class="card-header">
              <h2 id="plan-title">
                {plans[b.plan].name} plan <span class={`badge standing-${b.standing}`}>{standingText[b.standing]}</span>
              </h2>
              {b.hasCustomer && (
                <button type="button" class="btn btn-sm" onClick={openPortal} disabled={opening}>
                  Payment methods and invoices
                </button>
              )}
            </div>
            <div class="card-body">
              {b.standing === "trialing" && (
                <p>
                  Your trial of every {plans[b.plan].name} feature ends on {formatDay(b.trialEndsAt)}.
                </p>
              )}
              {b.standing === "grace" && (
                <Alert tone="warning">
                  {b.hasSubscription ? "The last payment failed." : "The trial has ended."} Sending pauses on {formatDay(b.graceEndsAt)}{" "}
                  unless it's settled; incoming messages always arrive.
                </Alert>
              )}
              {b.standing === "restricted" && (
                <Alert>Sending is paused until the subscription is paid. Incoming messages keep arriving.</Alert>
              )}
              {b.standing === "active" && b.currentPeriodEnd && (
                <p>
                  {b.cancelAtPeriodEnd ? "Ends" : "Renews"} on {formatDay(b.currentPeriodEnd)}, billed{" "}
                  {b.interval === "year" ? "yearly" : "monthly"}.
                </p>
              )}
              <UsageMeters billing={b} />
            </div>
          </section>
          <PlanPicker billing={b} />
          {b.hasCustomer && (
            <section class="card" aria-labelledby="invoices-title">
              <div class="card-header">
                <h2 id="invoices-title">Invoices</h2>
              </div>
              <Invoices />
            </section>
          )}
        </>
      )}
    </Page>
  );
}
