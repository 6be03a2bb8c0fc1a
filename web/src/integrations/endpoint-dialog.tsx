/** Add or edit a webhook endpoint: URL and events; a new one shows its signing secret once. */
import { useState } from "preact/hooks";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS, type WebhookEventType } from "../../../worker/integrations/catalog";
import { messageOf } from "../api/client";
import { Alert } from "../components/alert";
import { Dialog } from "../components/dialog";
import { SubmitButton } from "../components/submit-button";
import { type Endpoint, integrationsApi } from "./integrations-api";
import { CheckList, SecretReveal } from "./secret-reveal";

interface Props {
  endpoint: Endpoint | null;
  onSaved: (endpoint: Endpoint) => void;
  onClose: () => void;
}

export function EndpointDialog({ endpoint, onSaved, onClose }: Props) {
  const [url, setUrl] = useState(endpoint?.url ?? "");
  const [description, setDescription] = useState(endpoint?.description ?? "");
  const [events, setEvents] = useState<WebhookEventType[]>(endpoint?.events ?? ["message.received"]);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  async function save(e: Event) {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      if (endpoint) {
        onSaved((await integrationsApi.updateEndpoint(endpoint.id, { url, description, events })).endpoint);
        onClose();
      } else {
        const created = await integrationsApi.createEndpoint({ url, description, events });
        onSaved(created.endpoint);
        setSecret(created.secret);
      }
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog
      title={secret ? "Your signing secret" : endpoint ? "Edit endpoint" : "New webhook endpoint"}
      onClose={onClose}
      busy={pending}
      class="integration-dialog"
    >
      {secret ? (
        <SecretReveal what="signing secret" secret={secret} onDone={onClose} />
      ) : (
        <form class="form integration-form" onSubmit={save} noValidate>
          <label class="field">
            <span class="field-label">URL</span>
            <input
              class="input"
              name="endpoint-url"
              type="url"
              value={url}
              maxLength={2000}
              placeholder="https://example.com/parley-hooks"
              onInput={(e) => setUrl(e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span class="field-label">Description (optional)</span>
            <input class="input" value={description} maxLength={200} onInput={(e) => setDescription(e.currentTarget.value)} />
          </label>
          <CheckList legend="Events to send" options={WEBHOOK_EVENTS} labels={WEBHOOK_EVENT_LABELS} value={events} onChange={setEvents} />
          {error && <Alert>{error}</Alert>}
          <div class="dialog-actions">
            <button type="button" class="btn" onClick={onClose} disabled={pending}>
              Cancel
            </button>
            <SubmitButton pending={pending}>{endpoint ? "Save endpoint" : "Add endpoint"}</SubmitButton>
          </div>
        </form>
      )}
    </Dialog>
  );
}
