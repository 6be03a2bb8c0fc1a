/** The plans side by side (from worker/billing/plans.ts), monthly or yearly, in the owner's currency. */
import { useState } from "preact/hooks";
import {
  billingIntervals,
  currencies,
  limitLabels,
  plans,
  type BillingInterval,
  type Currency,
  type LimitName,
  type PlanId,
} from "../../../worker/billing/plans";
import { billingApi, type BillingSummary } from "../api/billing";
import { messageOf } from "../api/client";
import { Alert } from "../components/alert";
import { toast } from "../components/toasts";
import { formatPrice } from "./format";
import { refreshBilling } from "./billing-state";

const SHOWN: LimitName[] = ["seats", "numbers", "contacts", "broadcastRecipientsPerMonth", "automationRules", "aiBudgetCentsPerMonth"];

const limitText = (limit: LimitName, value: number | null) =>
  value === null
    ? "Unlimited"
    : limit === "aiBudgetCentsPerMonth"
      ? value === 0
        ? "No AI"
        : `$${value / 100} AI`
      : value.toLocaleString();

export function PlanPicker({ billing }: { billing: BillingSummary }) {
  const [interval, setInterval] = useState<BillingInterval>(billing.interval ?? "month");
  const [currency, setCurrency] = useState<Currency>((billing.currency as Currency | null) ?? "eur");
  const [busy, setBusy] = useState<PlanId | null>(null);
  const [error, setError] = useState<string | null>(null);
  const paying = billing.hasSubscription && billing.plan !== "free";

  async function choose(plan: PlanId) {
    setBusy(plan);
    setError(null);
    try {
      if (plan === "free") {
        await billingApi.chooseFree();
        toast("You're on the Free plan.");
      } else {
        const result = await billingApi.checkout({ plan, interval, currency });
        if (result.url) {
          window.location.assign(result.url);
          return;
        }
        toast("Plan changed. Stripe prorates the difference on your next invoice.");
      }
      await refreshBilling();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section class="card" aria-labelledby="plans-title">
      <div class="card-header">
        <h2 id="plans-title">Plans</h2>
        <div class="plan-controls">
          <div class="segmented" role="group" aria-label="Billing interval">
            {billingIntervals.map((i) => (
              <button key={i} type="button" class="btn btn-sm" aria-pressed={interval === i} onClick={() => setInterval(i)}>
                {i === "month" ? "Monthly" : "Yearly (2 months free)"}
              </button>
            ))}
          </div>
          <select
            class="input input-sm"
            aria-label="Currency"
            value={currency}
            onChange={(e) => setCurrency(e.currentTarget.value as Currency)}
          >
            {currencies.map((c) => (
              <option key={c} value={c}>
                {c.toUpperCase()}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && (
        <div class="card-body">
          <Alert>{error}</Alert>
        </div>
      )}
      <div class="plan-grid">
        {Object.values(plans).map((p) => {
          const current = p.id === billing.plan && billing.standing !== "trialing";
          return (
            <article key={p.id} class={`plan-card ${p.id === billing.plan ? "is-current" : ""}`} aria-label={`${p.name} plan`}>
              <h3>{p.name}</h3>
              <p class="muted small">{p.tagline}</p>
              <p class="plan-price">
                {formatPrice(p.prices[interval][currency], currency)}
                <span class="muted small"> / {interval}</span>
              </p>
              <ul class="plan-limits">
                {SHOWN.map((limit) => (
                  <li key={limit}>
                    <strong>{limitText(limit, p.limits[limit])}</strong>{" "}
                    {limit === "aiBudgetCentsPerMonth"
                      ? "per month"
                      : limit === "numbers"
                        ? "WhatsApp numbers"
                        : limitLabels[limit].toLowerCase()}
                  </li>
                ))}
                <li>
                  <strong>{p.limits.retentionDays} days</strong> of history
                </li>
              </ul>
              <button
                type="button"
                class={`btn btn-block ${current ? "" : "btn-primary"}`}
                disabled={current || busy !== null || (p.id === "free" && paying)}
                onClick={() => choose(p.id)}
              >
                {current ? "Current plan" : busy === p.id ? "Opening…" : p.id === "free" ? "Continue on Free" : `Choose ${p.name}`}
              </button>
            </article>
          );
        })}
      </div>
    </section>
  );
}
