/** How much of each counted limit the organization uses, as meters that turn amber near the top. */
import type { BillingSummary } from "../api/billing";
import { limitLabels } from "../../../worker/billing/plans";

const METERED = ["seats", "numbers", "contacts", "broadcastRecipientsPerMonth", "automationRules", "aiBudgetCentsPerMonth"] as const;

/** AI is metered in cents; shown as money, the rest as counts. */
const figure = (limit: (typeof METERED)[number], n: number) =>
  limit === "aiBudgetCentsPerMonth" ? `$${(n / 100).toLocaleString(undefined, { minimumFractionDigits: 2 })}` : n.toLocaleString();

export function UsageMeters({ billing }: { billing: BillingSummary }) {
  return (
    <ul class="usage-meters">
      {METERED.map((limit) => {
        const used = billing.usage[limit];
        const max = billing.limits[limit];
        const share = max === null ? 0 : max === 0 ? 1 : Math.min(1, used / max);
        const tone = share >= 1 ? "is-full" : share >= 0.8 ? "is-near" : "";
        return (
          <li key={limit} class={`usage-meter ${tone}`}>
            <div class="usage-head">
              <span>{limitLabels[limit]}</span>
              <span class="usage-figure">
                {figure(limit, used)} / {max === null ? "unlimited" : figure(limit, max)}
              </span>
            </div>
            <meter min={0} max={max ?? 1} value={Math.min(used, max ?? used)} aria-label={limitLabels[limit]} />
          </li>
        );
      })}
    </ul>
  );
}
