/** The owner's "delete this organization": password, 2FA code when on, and the org's name typed out. */
import { useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { FormError } from "../components/alert";
import { exactTime } from "../format/time";
import { currentOrg, currentUser, endSession } from "../session/session";
import { terminationApi } from "./api";

export function TerminateCard() {
  const user = currentUser.value;
  const org = currentOrg.value;
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [confirmName, setConfirmName] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!user || !org || user.role !== "owner") return null;

  async function submit(e: Event) {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const { purgeAfter } = await terminationApi.terminate({ password, confirmName, ...(code && { code }) });
      endSession(`${org!.name} is being deleted. Everything will be gone by ${exactTime(purgeAfter)}; sign in before then to cancel.`);
    } catch (err) {
      setError(messageOf(err));
      setPending(false);
    }
  }

  return (
    <section class="card danger-card" aria-labelledby="terminate-title">
      <div class="card-header">
        <h2 id="terminate-title">Delete this organization</h2>
      </div>
      <form class="card-body stack" onSubmit={submit}>
        <p class="muted">
          Everyone is signed out at once, your WhatsApp numbers are released and nothing more is sent or received. All data — members,
          contacts, every conversation and message, media, exports and backups — is deleted after 30 days. Until then you can sign in and
          cancel. Export your data first if you want a copy.
        </p>
        <div class="form-row">
          <label class="field">
            <span class="field-label">Your password</span>
            <input
              class="input"
              type="password"
              autocomplete="current-password"
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
              required
            />
          </label>
          {user.twoFactorEnabled && (
            <label class="field">
              <span class="field-label">Authenticator code</span>
              <input
                class="input"
                inputMode="numeric"
                autocomplete="one-time-code"
                maxLength={6}
                value={code}
                onInput={(e) => setCode(e.currentTarget.value)}
                required
              />
            </label>
          )}
        </div>
        <label class="field">
          <span class="field-label">
            Type <strong>{org.name}</strong> to confirm
          </span>
          <input class="input" value={confirmName} onInput={(e) => setConfirmName(e.currentTarget.value)} required />
        </label>
        <FormError message={error} />
        <div class="form-actions">
          <button type="submit" class="btn btn-danger" disabled={pending || confirmName !== org.name || !password}>
            {pending ? "Deleting…" : "Delete organization"}
          </button>
        </div>
      </form>
    </section>
  );
}
