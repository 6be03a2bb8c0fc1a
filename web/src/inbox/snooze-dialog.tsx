/** "Snooze until…" a time the agent picks; the conversation comes back to Open then. */
import { useState } from "preact/hooks";
import { Alert } from "../components/alert";
import { Dialog } from "../components/dialog";
import { SubmitButton } from "../components/submit-button";

/** `<input type="datetime-local">` speaks local time without a zone: yyyy-mm-ddThh:mm. */
const localValue = (at: number) => {
  const d = new Date(at - new Date(at).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

export function SnoozeDialog({ onSnooze, onClose }: { onSnooze: (at: number) => Promise<boolean>; onClose: () => void }) {
  const [value, setValue] = useState(localValue(Date.now() + 3 * 3600_000));
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const at = new Date(value).getTime();
    if (!Number.isFinite(at) || at <= Date.now()) {
      setError("Pick a time in the future.");
      return;
    }
    setPending(true);
    if (await onSnooze(at)) onClose();
    else setPending(false);
  }
  return (
    <Dialog title="Snooze until" onClose={onClose} busy={pending}>
      <form class="stack" onSubmit={submit}>
        <p>The conversation leaves Open and comes back at this time, or sooner if the customer writes.</p>
        <div class="field">
          <label class="field-label" for="snooze-at">
            Date and time
          </label>
          <input
            id="snooze-at"
            class="input"
            type="datetime-local"
            value={value}
            min={localValue(Date.now())}
            onInput={(e) => setValue(e.currentTarget.value)}
            required
          />
        </div>
        {error && <Alert>{error}</Alert>}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <SubmitButton pending={pending}>Snooze</SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}
