/** Short confirmations ("Copied", "Invite revoked"), in one polite live region. */
import { signal } from "@preact/signals";
import { AlertIcon, CheckIcon } from "./icons";

interface Toast {
  id: number;
  message: string;
  tone: "success" | "error";
}

const toasts = signal<Toast[]>([]);
let nextId = 1;

export function toast(message: string, tone: Toast["tone"] = "success"): void {
  const id = nextId++;
  toasts.value = [...toasts.value.slice(-2), { id, message, tone }];
  setTimeout(() => (toasts.value = toasts.value.filter((t) => t.id !== id)), tone === "error" ? 6000 : 3000);
}

export function Toaster() {
  return (
    <div class="toasts" role="status" aria-live="polite">
      {toasts.value.map((t) => (
        <div key={t.id} class={`toast ${t.tone === "error" ? "toast-error" : ""}`}>
          {t.tone === "error" ? <AlertIcon /> : <CheckIcon />}
          <span>{t.message}</span>
        </div>
      ))}
    </div>
  );
}
