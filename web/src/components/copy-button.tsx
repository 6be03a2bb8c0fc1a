/** Copy to the clipboard, with a visible "Copied" and a toast for screen readers. */
import { useState } from "preact/hooks";
import { CheckIcon, CopyIcon } from "./icons";
import { toast } from "./toasts";

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

interface CopyButtonProps {
  value: string;
  label?: string;
  /** What was copied, for the confirmation ("Webhook URL copied"). */
  what?: string;
  class?: string;
}

export function CopyButton({ value, label = "Copy", what, class: cls = "btn btn-sm" }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  async function onClick() {
    if (await copyText(value)) {
      setCopied(true);
      toast(`${what ?? "Text"} copied`);
      setTimeout(() => setCopied(false), 1500);
    } else {
      toast("Could not copy. Select the text and copy it yourself.", "error");
    }
  }
  return (
    <button type="button" class={cls} onClick={onClick} aria-label={what ? `${label} ${what.toLowerCase()}` : label}>
      {copied ? <CheckIcon /> : <CopyIcon />}
      <span>{copied ? "Copied" : label}</span>
    </button>
  );
}

/** A read-only value in monospace with its copy button, e.g. the webhook URL. */
export function CopyField({ value, what, id }: { value: string; what: string; id?: string }) {
  return (
    <div class="copy-field">
      <code class="copy-field-value" id={id} tabIndex={0}>
        {value}
      </code>
      <CopyButton value={value} what={what} />
    </div>
  );
}
