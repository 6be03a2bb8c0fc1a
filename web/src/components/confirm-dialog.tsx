/** "Are you sure?" for destructive actions: Cancel has the focus, the action shows its progress and error. */
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { FormError } from "./alert";
import { Dialog } from "./dialog";
import { SubmitButton } from "./submit-button";

interface ConfirmDialogProps {
  title: ComponentChildren;
  confirmLabel: string;
  tone?: "danger" | "primary";
  onConfirm: () => Promise<void>;
  onClose: () => void;
  children: ComponentChildren;
}

export function ConfirmDialog({ title, confirmLabel, tone = "danger", onConfirm, onClose, children }: ConfirmDialogProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(messageOf(err));
      setPending(false);
    }
  }
  return (
    <Dialog title={title} onClose={onClose} busy={pending}>
      <form class="stack" onSubmit={submit}>
        {children}
        <FormError message={error} />
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <SubmitButton pending={pending} variant={tone}>
            {confirmLabel}
          </SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}
