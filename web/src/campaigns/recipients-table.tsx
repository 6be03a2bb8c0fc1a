/** Each recipient with their delivery tick, in send order, updated live; more on demand. */
import type { CampaignRecipient } from "./campaigns-api";
import { RecipientBadge } from "./campaign-status";

export function RecipientsTable({ rows, more, onMore }: { rows: CampaignRecipient[]; more: boolean; onMore: () => void }) {
  return (
    <div class="table-wrap">
      <table class="table recipients-table">
        <thead>
          <tr>
            <th>Contact</th>
            <th>Phone</th>
            <th>Status</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.idx} data-idx={r.idx}>
              <td data-label="Contact">{r.name ?? "—"}</td>
              <td data-label="Phone" class="mono">
                +{r.waId}
              </td>
              <td data-label="Status">
                <RecipientBadge status={r.status} />
              </td>
              <td data-label="Detail" class="muted">
                {r.errorTitle ?? ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {more && (
        <div class="card-footer">
          <button type="button" class="btn btn-ghost btn-sm" onClick={onMore}>
            Show more
          </button>
        </div>
      )}
    </div>
  );
}
