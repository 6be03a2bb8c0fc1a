/** Webhook endpoints: URL, events, on/off (and why Parley switched one off); test, rotate, edit, delete; the delivery log. */
import { useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { Alert } from "../components/alert";
import { ConfirmDialog } from "../components/confirm-dialog";
import { Dialog } from "../components/dialog";
import { LoadingRows } from "../components/page";
import { toast } from "../components/toasts";
import type { Resource } from "../hooks/use-resource";
import { DeliveryLog } from "./delivery-log";
import { EndpointDialog } from "./endpoint-dialog";
import { type Endpoint, integrationsApi } from "./integrations-api";
import { SecretReveal } from "./secret-reveal";

interface Props {
  endpoints: Resource<Endpoint[]>;
  /** Bumped per endpoint when a live frame says its deliveries changed. */
  logVersions: Record<string, number>;
}

export function WebhooksCard({ endpoints, logVersions }: Props) {
  const [editing, setEditing] = useState<Endpoint | "new" | null>(null);
  const [deleting, setDeleting] = useState<Endpoint | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const list = endpoints.data ?? [];
  const replace = (e: Endpoint) =>
    endpoints.update((all) => (all.some((x) => x.id === e.id) ? all.map((x) => (x.id === e.id ? e : x)) : [e, ...all]));

  async function run(fn: () => Promise<void>) {
    try {
      await fn();
    } catch (err) {
      toast(messageOf(err), "error");
    }
  }

  return (
    <section class="card" aria-labelledby="webhooks-title">
      <div class="card-header">
        <div>
          <h2 id="webhooks-title">Webhooks</h2>
          <p>
            Parley posts each event as JSON, signed in <code>Parley-Signature: t=…,v1=…</code> (HMAC-SHA256 of <code>t.body</code> with the
            endpoint's secret), and retries failures for about a day.
          </p>
        </div>
        <button type="button" class="btn btn-primary" onClick={() => setEditing("new")}>
          Add endpoint
        </button>
      </div>
      {endpoints.error && (
        <div class="card-body">
          <Alert>{endpoints.error}</Alert>
        </div>
      )}
      {!endpoints.data && endpoints.loading && <LoadingRows rows={2} />}
      {endpoints.data && list.length === 0 && <p class="card-empty">No endpoints yet.</p>}
      <ul class="integration-endpoints">
        {list.map((e) => (
          <li key={e.id} class={`integration-endpoint ${e.enabled ? "" : "is-off"}`}>
            <div class="integration-endpoint-head">
              <div class="integration-endpoint-body">
                <code class="integration-url">{e.url}</code>
                {e.description && <p class="small">{e.description}</p>}
                <p class="muted small">{e.events.join(", ")}</p>
                {e.disabledReason && <Alert tone="warning">{e.disabledReason} Fix it, then switch it back on.</Alert>}
              </div>
              <div class="integration-endpoint-actions">
                <label class="switch switch-compact" title={e.enabled ? "On" : "Off"}>
                  <input
                    type="checkbox"
                    role="switch"
                    aria-checked={e.enabled}
                    checked={e.enabled}
                    aria-label={`${e.url}: ${e.enabled ? "on" : "off"}`}
                    onChange={(ev) => {
                      const enabled = ev.currentTarget.checked;
                      void run(async () => replace((await integrationsApi.updateEndpoint(e.id, { enabled })).endpoint));
                    }}
                  />
                </label>
                <button
                  type="button"
                  class="btn btn-sm"
                  disabled={!e.enabled}
                  onClick={() =>
                    void run(async () => {
                      await integrationsApi.ping(e.id);
                      setOpen(e.id);
                      toast("Test event sent");
                    })
                  }
                >
                  Send test event
                </button>
                <button
                  type="button"
                  class="btn btn-ghost btn-sm"
                  aria-expanded={open === e.id}
                  onClick={() => setOpen(open === e.id ? null : e.id)}
                >
                  {open === e.id ? "Hide deliveries" : "Deliveries"}
                </button>
                <button type="button" class="btn btn-ghost btn-sm" onClick={() => setEditing(e)}>
                  Edit
                </button>
                <button
                  type="button"
                  class="btn btn-ghost btn-sm"
                  onClick={() =>
                    void run(async () => {
                      const rotated = await integrationsApi.rotate(e.id);
                      replace(rotated.endpoint);
                      setSecret(rotated.secret);
                    })
                  }
                >
                  Rotate secret
                </button>
                <button type="button" class="btn btn-ghost btn-sm danger" onClick={() => setDeleting(e)} aria-label={`Delete ${e.url}`}>
                  Delete
                </button>
              </div>
            </div>
            {open === e.id && <DeliveryLog endpoint={e} version={logVersions[e.id] ?? 0} />}
          </li>
        ))}
      </ul>
      {editing && <EndpointDialog endpoint={editing === "new" ? null : editing} onSaved={replace} onClose={() => setEditing(null)} />}
      {secret && (
        <Dialog title="Your new signing secret" onClose={() => setSecret(null)} class="integration-dialog">
          <SecretReveal what="signing secret" secret={secret} onDone={() => setSecret(null)} />
        </Dialog>
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete this endpoint?"
          confirmLabel="Delete endpoint"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await integrationsApi.deleteEndpoint(deleting.id);
            endpoints.update((all) => all.filter((x) => x.id !== deleting.id));
            toast("Endpoint deleted");
          }}
        >
          <p>
            Parley stops posting to <code>{deleting.url}</code> at once, and its delivery log goes with it.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
