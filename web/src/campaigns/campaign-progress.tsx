/** The live bar and the numbers under it; the runner's counts while sending, D1's delivery totals beside. */
import type { CampaignProgress } from "../../../durable/campaign-protocol";
import type { CampaignDetail } from "./campaigns-api";

export function CampaignProgressCard({ progress, totals }: { progress: CampaignProgress | null; totals: CampaignDetail["totals"] }) {
  const total = progress?.total ?? 0;
  const done = progress ? progress.sent + progress.failed + progress.skipped + progress.unconfirmed : 0;
  const pct = total ? Math.round((done / total) * 100) : 0;
  const stat = (label: string, value: number | undefined, cls = "") => (
    <div class={`stat ${cls}`}>
      <dt>{label}</dt>
      <dd data-testid={`stat-${label.toLowerCase()}`}>{(value ?? 0).toLocaleString()}</dd>
    </div>
  );
  return (
    <section class="card" aria-labelledby="progress-title">
      <div class="card-header">
        <h2 id="progress-title">Progress</h2>
        <span class="muted" data-testid="progress-text">
          {done.toLocaleString()} of {total.toLocaleString()} · {pct}%
        </span>
      </div>
      <div class="card-body stack">
        <div class="progress" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-label="Sent so far">
          <div class="progress-bar" style={{ width: `${pct}%` }} />
        </div>
        {progress?.stopReason && <p class="field-error">{progress.stopReason}</p>}
        <dl class="stats">
          {stat("Sent", progress?.sent)}
          {stat("Delivered", (totals.delivered ?? 0) + (totals.read ?? 0) + (totals.replied ?? 0))}
          {stat("Read", (totals.read ?? 0) + (totals.replied ?? 0))}
          {stat("Replied", totals.replied)}
          {stat("Failed", progress?.failed, progress?.failed ? "stat-bad" : "")}
          {stat("Skipped", progress?.skipped)}
          {progress?.unconfirmed ? stat("Unconfirmed", progress.unconfirmed, "stat-warn") : null}
        </dl>
      </div>
    </section>
  );
}
