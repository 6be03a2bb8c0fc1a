/**
 * Settings → Integrations (owners and admins): API keys with their recent requests, and webhook
 * endpoints with their delivery logs. Other admins' changes and each delivery's outcome arrive live.
 */
import { useState } from "preact/hooks";
import { Page } from "../components/page";
import { RelativeTime } from "../components/relative-time";
import { useResource } from "../hooks/use-resource";
import { useOrgFrames } from "../live/org-frames";
import { ApiKeysCard } from "./api-keys-card";
import { type ApiKey, integrationsApi } from "./integrations-api";
import { WebhooksCard } from "./webhooks-card";

function RecentRequests({ version, keys }: { version: number; keys: ApiKey[] }) {
  const nameOf = (id: string) => keys.find((k) => k.id === id)?.name ?? "A deleted key";
  const requests = useResource(() => integrationsApi.requests().then((r) => r.requests), [version]);
  if (!requests.data?.length) return null;
  return (
    <section class="card" aria-labelledby="requests-title">
      <div class="card-header">
        <div>
          <h2 id="requests-title">Recent API requests</h2>
          <p>The last 20 requests made with your keys, refusals included; kept 12 months.</p>
        </div>
      </div>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Key</th>
              <th scope="col">Request</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {requests.data.map((r) => (
              <tr key={r.id}>
                <td data-label="When">
                  <RelativeTime at={r.createdAt} />
                </td>
                <td data-label="Key">{nameOf(r.keyId)}</td>
                <td data-label="Request">
                  <code>
                    {r.method} {r.path}
                  </code>
                </td>
                <td data-label="Status">
                  <span class={r.status < 400 ? "badge badge-success" : "badge badge-danger"}>{r.status}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export default function IntegrationsPage() {
  const keys = useResource(() => integrationsApi.keys().then((r) => r.keys));
  const endpoints = useResource(() => integrationsApi.endpoints().then((r) => r.endpoints));
  const [logVersions, setLogVersions] = useState<Record<string, number>>({});
  const [requestsVersion, setRequestsVersion] = useState(0);
  const bumpLog = (id: string) => setLogVersions((v) => ({ ...v, [id]: (v[id] ?? 0) + 1 }));
  useOrgFrames(
    (frame) => {
      if (frame.t !== "integrations") return;
      if (frame.what === "keys") {
        void keys.reload();
        setRequestsVersion((v) => v + 1);
      }
      if (frame.what === "endpoints") void endpoints.reload();
      if (frame.endpointId) bumpLog(frame.endpointId);
    },
    () => {
      void keys.reload();
      void endpoints.reload();
    },
  );

  return (
    <Page
      title="Integrations"
      description="Connect other systems to Parley: they call its API with a key, and it tells them what happens through webhooks."
    >
      <ApiKeysCard keys={keys} />
      <RecentRequests version={requestsVersion} keys={keys.data ?? []} />
      <WebhooksCard endpoints={endpoints} logVersions={logVersions} />
    </Page>
  );
}
