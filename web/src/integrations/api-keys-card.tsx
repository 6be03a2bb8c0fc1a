/** API keys: name, prefix, scopes, last use; create (shown once) and revoke. */
import { useState } from "preact/hooks";
import { Alert } from "../components/alert";
import { ConfirmDialog } from "../components/confirm-dialog";
import { LoadingRows } from "../components/page";
import { RelativeTime } from "../components/relative-time";
import { toast } from "../components/toasts";
import type { Resource } from "../hooks/use-resource";
import type { ApiKey } from "./integrations-api";
import { integrationsApi } from "./integrations-api";
import { KeyDialog } from "./key-dialog";

export function ApiKeysCard({ keys }: { keys: Resource<ApiKey[]> }) {
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const list = keys.data ?? [];
  const replace = (key: ApiKey) =>
    keys.update((all) => (all.some((k) => k.id === key.id) ? all.map((k) => (k.id === key.id ? key : k)) : [key, ...all]));

  return (
    <section class="card" aria-labelledby="keys-title">
      <div class="card-header">
        <div>
          <h2 id="keys-title">API keys</h2>
          <p>
            Programs send <code>Authorization: Bearer &lt;key&gt;</code> to the <a href="/api/docs">documented API</a>; each key only does
            what its scopes allow, as your organization.
          </p>
        </div>
        <button type="button" class="btn btn-primary" onClick={() => setCreating(true)}>
          New API key
        </button>
      </div>
      {keys.error && (
        <div class="card-body">
          <Alert>{keys.error}</Alert>
        </div>
      )}
      {!keys.data && keys.loading && <LoadingRows rows={2} />}
      {keys.data && list.length === 0 && <p class="card-empty">No keys yet.</p>}
      {list.length > 0 && (
        <div class="table-wrap">
          <table class="table integration-keys">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Scopes</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((k) => (
                <tr key={k.id} class={k.revokedAt ? "is-revoked" : ""}>
                  <td data-label="Name">
                    <strong>{k.name}</strong>
                    <span class="muted small"> · {k.rateLimitPerMinute}/min</span>
                  </td>
                  <td data-label="Key">
                    <code>{k.prefix}…</code>
                  </td>
                  <td data-label="Scopes">
                    <span class="integration-scopes">
                      {k.scopes.map((s) => (
                        <span key={s} class="badge">
                          {s}
                        </span>
                      ))}
                    </span>
                  </td>
                  <td data-label="Last used">{k.lastUsedAt ? <RelativeTime at={k.lastUsedAt} /> : <span class="muted">Never</span>}</td>
                  <td data-label="Status">
                    {k.revokedAt ? (
                      <span class="badge badge-danger">Revoked</span>
                    ) : (
                      <button
                        type="button"
                        class="btn btn-ghost btn-sm danger"
                        onClick={() => setRevoking(k)}
                        aria-label={`Revoke ${k.name}`}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating && <KeyDialog onCreated={replace} onClose={() => setCreating(false)} />}
      {revoking && (
        <ConfirmDialog
          title={`Revoke “${revoking.name}”?`}
          confirmLabel="Revoke key"
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            replace((await integrationsApi.revokeKey(revoking.id)).key);
            toast(`${revoking.name} revoked`);
          }}
        >
          <p>Programs using it get “401 api_key_revoked” from their next request on. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
