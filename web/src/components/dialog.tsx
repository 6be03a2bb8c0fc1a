/**
 * A modal on the native <dialog>: the browser traps focus, makes the page behind inert, closes on
 * Escape; focus goes back to whatever opened it. Mount it to open it; it calls onClose to go.
 */
import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef } from "preact/hooks";

interface DialogProps {
  title: ComponentChildren;
  onClose: () => void;
  /** While an action is in flight, Escape and the backdrop do not close it. */
  busy?: boolean;
  /** Extra classes for the <dialog> (a wider one, a lightbox). */
  class?: string;
  children: ComponentChildren;
}

export function Dialog({ title, onClose, busy = false, class: cls, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      // The browser restores focus only while the dialog is still in the page; it is being unmounted.
      (opener?.isConnected ? opener : document.getElementById("main"))?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class={cls ? `dialog ${cls}` : "dialog"}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
      onClick={(e) => {
        // A click on the backdrop lands on the <dialog> itself.
        if (e.target === e.currentTarget && !busy) onClose();
      }}
    >
      <div class="dialog-body">
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </dialog>
  );
}
