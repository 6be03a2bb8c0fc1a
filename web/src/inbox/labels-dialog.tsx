/** Edit a conversation's labels; the labels seen across the inbox are offered as suggestions. */
import { useState } from "preact/hooks";
import { Dialog } from "../components/dialog";
import { SubmitButton } from "../components/submit-button";
import { TagInput } from "./tag-input";

interface LabelsDialogProps {
  labels: string[];
  suggestions: string[];
  onSave: (labels: string[]) => Promise<boolean>;
  onClose: () => void;
}

export function LabelsDialog({ labels, suggestions, onSave, onClose }: LabelsDialogProps) {
  const [value, setValue] = useState(labels);
  const [pending, setPending] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setPending(true);
    if (await onSave(value)) onClose();
    else setPending(false);
  }
  const unused = suggestions.filter((s) => !value.includes(s)).slice(0, 12);
  return (
    <Dialog title="Labels" onClose={onClose} busy={pending}>
      <form class="stack" onSubmit={submit}>
        <p>Labels sort conversations for the whole team, e.g. “billing” or “vip”. Press Enter after each one.</p>
        <TagInput label="Labels" value={value} onChange={setValue} suggestions={suggestions} placeholder="Add a label" />
        {unused.length > 0 && (
          <div class="cluster">
            {unused.map((s) => (
              <button key={s} type="button" class="chip chip-suggest" onClick={() => setValue([...value, s])}>
                + {s}
              </button>
            ))}
          </div>
        )}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <SubmitButton pending={pending}>Save labels</SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}
