/** Settings → AI: this month's spend against the budget, per feature, and the latest requests one by one. */
import type { AiFeature } from "../../../db/tables/ai-enums";
import { exactTime, now, relativeTime } from "../format/time";
import type { AiPlanAllowance, UsageView } from "./ai-api";
import { dollars, FEATURE_TITLES } from "./ai-labels";

const OUTCOMES: Record<string, string> = {
  ok: "Answered",
  error: "Provider failed",
  timeout: "Timed out",
  budget: "Refused: budget",
  plan_limit: "Refused: plan",
};

const featureName = (f: string) => FEATURE_TITLES[f as AiFeature] ?? f;

export function UsageCard({ usage, budgetCents, plan }: { usage: UsageView; budgetCents: number; plan: AiPlanAllowance }) {
  // The lower of the org's own budget and the plan's allowance is what stops AI.
  const allowance = plan.aiBudgetCentsPerMonth;
  const limitCents = allowance === null ? budgetCents : Math.min(budgetCents, allowance);
  const budget = limitCents * 10_000;
  const share = budget ? Math.min(100, Math.round((usage.costMicros / budget) * 100)) : 100;
  return (
    <section class="card" aria-labelledby="ai-usage-title">
      <div class="card-header">
        <div>
          <h2 id="ai-usage-title">Usage in {usage.month}</h2>
          <p>
            {dollars(usage.costMicros)} of {dollars(budget)} ({share}%). At that, AI stops until the 1st (UTC).
          </p>
          <p data-testid="ai-plan-allowance">
            {allowance === 0 ? (
              <>
                Your {plan.name} plan includes no AI. <a href="/billing">Upgrade on the Billing page</a> to use it.
              </>
            ) : allowance === null ? (
              `Your ${plan.name} plan puts no limit on AI; your budget above applies.`
            ) : allowance < budgetCents ? (
              <>
                Your {plan.name} plan includes {dollars(allowance * 10_000)} of AI a month, below your budget, so that applies.{" "}
                <a href="/billing">More on the Billing page</a>.
              </>
            ) : (
              `Your ${plan.name} plan includes ${dollars(allowance * 10_000)} of AI a month.`
            )}
          </p>
        </div>
      </div>
      <div class="card-body">
        <meter class="ai-meter" min={0} max={100} value={share} high={80} aria-label="Budget used" />
        {usage.byFeature.length ? (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Feature</th>
                  <th scope="col">Requests</th>
                  <th scope="col">Tokens in / out</th>
                  <th scope="col">Cost</th>
                  <th scope="col">Failed or refused</th>
                </tr>
              </thead>
              <tbody>
                {usage.byFeature.map((f) => (
                  <tr key={f.feature}>
                    <td data-label="Feature">{featureName(f.feature)}</td>
                    <td data-label="Requests">{f.requests}</td>
                    <td data-label="Tokens in / out" class="cell-nowrap">
                      {f.tokensIn} / {f.tokensOut}
                    </td>
                    <td data-label="Cost">{dollars(f.costMicros)}</td>
                    <td data-label="Failed or refused">{f.failures}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="muted">No AI requests this month.</p>
        )}
        {usage.recent.length > 0 && (
          <details class="ai-recent">
            <summary>Latest {usage.recent.length} requests</summary>
            <div class="table-wrap">
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Feature</th>
                    <th scope="col">Model</th>
                    <th scope="col">Tokens in / out</th>
                    <th scope="col">Cost</th>
                    <th scope="col">Latency</th>
                    <th scope="col">Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {usage.recent.map((r) => (
                    <tr key={r.id}>
                      <td data-label="When" class="cell-nowrap" title={exactTime(r.createdAt)}>
                        {relativeTime(r.createdAt, now.value)}
                      </td>
                      <td data-label="Feature">{featureName(r.feature)}</td>
                      <td data-label="Model" class="mono">
                        {r.model}
                      </td>
                      <td data-label="Tokens in / out" class="cell-nowrap">
                        {r.tokensIn} / {r.tokensOut}
                      </td>
                      <td data-label="Cost">{dollars(r.costMicros)}</td>
                      <td data-label="Latency">{r.latencyMs} ms</td>
                      <td data-label="Outcome" class={r.outcome === "ok" ? undefined : "ai-outcome-bad"}>
                        {OUTCOMES[r.outcome] ?? r.outcome}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        )}
      </div>
    </section>
  );
}
