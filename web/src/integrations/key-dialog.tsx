/** New API key: name, scopes, rate; then the key itself, once. */
import { useState } from "preact/hooks";
import { API_SCOPES, type ApiScope, SCOPE_LABELS } from "../../../worker/integrations/catalog";
import { messageOf } from "../api/client";
import { Alert } from "../components/alert";
import { Dialog } from "../components/dialog";
import { SubmitButton } from "../components/submit-button";
import { type ApiKey, integrationsApi } from "./integrations-api";
import { CheckList, SecretReveal } from "./secret-reveal";

export function KeyDialog({ onCreated, onClose }: { onCreated: (key: ApiKey) => void; onClose: () => void }) {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiScope[]>(["contacts:read"]);
  const [rate, setRate] = useState("600");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  async function create(e: Event) {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const created = await integrationsApi.createKey({ name, scopes, rateLimitPerMinute: Number(rate) });
      setSecret(created.secret);
      onCreated(created.key);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog title={secret ? "Your new API key" : "New API key"} onClose={onClose} busy={pending} class="integration-dialog">
      {secret ? (
        <SecretReveal what="API key" secret={secret} onDone={onClose} />
      ) : (
        <form class="form integration-form" onSubmit={create} noValidate>
          <label class="field">
            <span class="field-label">Name</span>
            <input
              class="input"
              name="key-name"
              value={name}
              maxLength={60}
              placeholder="Shop sync"
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </label>
          <CheckList legend="What it may do" options={API_SCOPES} labels={SCOPE_LABELS} value={scopes} onChange={setScopes} />
          <label class="field">
            <span class="field-label">Requests per minute</span>
            <input class="input" type="number" min={1} max={6000} value={rate} onInput={(e) => setRate(e.currentTarget.value)} />
          </label>
          {error && <Alert>{error}</Alert>}
          <div class="dialog-actions">
            <button type="button" class="btn" onClick={onClose} disabled={pending}>
              Cancel
            </button>
            <SubmitButton pending={pending}>Create key</SubmitButton>
          </div>
        </form>
      )}
    </Dialog>
  );
}
