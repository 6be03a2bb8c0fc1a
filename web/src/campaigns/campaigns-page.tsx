/** /campaigns: every campaign of the org, newest first; admins start a new one here. */
import { CampaignBadge } from "./campaign-status";
import { campaignsApi } from "./campaigns-api";
import { Alert } from "../components/alert";
import { LoadingRows, Page } from "../components/page";
import { RelativeTime } from "../components/relative-time";
import { useResource } from "../hooks/use-resource";
import { isAdmin } from "../session/roles";
import { currentUser } from "../session/session";

export default function CampaignsPage() {
  const admin = isAdmin(currentUser.value?.role);
  const res = useResource(() => campaignsApi.list());
  const list = res.data?.campaigns ?? [];
  return (
    <Page
      title="Campaigns"
      description="Approved templates to many contacts at once, paced to your number's limit; each recipient gets one copy."
      actions={
        admin && (
          <a class="btn btn-primary" href="/campaigns/new">
            New campaign
          </a>
        )
      }
    >
      <section class="card" aria-label="Campaigns">
        {res.error && (
          <div class="card-body">
            <Alert>{res.error}</Alert>
          </div>
        )}
        {!res.data && res.loading && <LoadingRows rows={3} />}
        {res.data && list.length === 0 && (
          <div class="empty">
            <h2>No campaigns yet</h2>
            <p>
              {admin ? "Create one to send a template to a segment of your contacts." : "Admins create campaigns; you will see them here."}
            </p>
          </div>
        )}
        {list.length > 0 && (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Status</th>
                  <th>Template</th>
                  <th>Recipients</th>
                  <th>Created</th>
                </tr>
              </thead>
              <tbody>
                {list.map((c) => (
                  <tr key={c.id}>
                    <td data-label="Name">
                      <a href={`/campaigns/${c.id}`}>{c.name}</a>
                    </td>
                    <td data-label="Status">
                      <CampaignBadge status={c.status} />
                    </td>
                    <td data-label="Template" class="mono">
                      {c.templateName}
                    </td>
                    <td data-label="Recipients">{c.recipientCount ? c.recipientCount.toLocaleString() : "—"}</td>
                    <td data-label="Created">
                      <RelativeTime at={c.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Page>
  );
}
