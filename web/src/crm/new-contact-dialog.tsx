/** "New contact": a phone (any format, with a default country) or an email, and a name. A duplicate links to the contact that exists. */
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ApiError, messageOf } from "../api/client";
import { importsApi } from "../api/contact-imports";
import { Alert } from "../components/alert";
import { Dialog } from "../components/dialog";

const browserCountry = () => /-([A-Z]{2})\b/.exec(navigator.language)?.[1] ?? "";

export function NewContactDialog({ onClose }: { onClose: () => void }) {
  const { route } = useLocation();
  const [name, setName] = useState("");
  const [phone, setPhone] = useState("");
  const [country, setCountry] = useState(browserCountry());
  const [email, setEmail] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; existing?: string } | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { contact } = await importsApi.createContact({
        ...(phone.trim() && { phone: phone.trim() }),
        ...(/^[A-Z]{2}$/.test(country) && { country }),
        ...(name.trim() && { displayName: name.trim() }),
        ...(email.trim() && { email: email.trim() }),
      });
      onClose();
      route(`/contacts/${contact.id}`);
    } catch (err) {
      const existing = err instanceof ApiError && err.code === "contact_exists" ? err.details?.contactId : undefined;
      setError({ message: messageOf(err), ...(typeof existing === "string" && { existing }) });
      setBusy(false);
    }
  }

  return (
    <Dialog title="New contact" onClose={onClose} busy={busy}>
      <form class="stack" onSubmit={(e) => void submit(e)}>
        <label class="field">
          <span class="field-label">Name</span>
          <input class="input" value={name} maxLength={100} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <div class="cluster">
          <label class="field grow">
            <span class="field-label">WhatsApp number</span>
            <input class="input" type="tel" value={phone} placeholder="+351 912 345 678" onInput={(e) => setPhone(e.currentTarget.value)} />
          </label>
          <label class="field">
            <span class="field-label">Country</span>
            <input
              class="input input-country"
              value={country}
              maxLength={2}
              onInput={(e) => setCountry(e.currentTarget.value.toUpperCase())}
            />
          </label>
        </div>
        <label class="field">
          <span class="field-label">Email</span>
          <input class="input" type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        {error && (
          <Alert>
            {error.message} {error.existing && <a href={`/contacts/${error.existing}`}>Open that contact</a>}
          </Alert>
        )}
        <div class="cluster">
          <button type="submit" class="btn btn-primary" disabled={busy || (!phone.trim() && !email.trim())}>
            {busy ? "Adding…" : "Add contact"}
          </button>
          <button type="button" class="btn btn-ghost" onClick={onClose} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
