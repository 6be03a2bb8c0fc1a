import type { ComponentChildren } from "preact";

interface SubmitButtonProps {
  pending: boolean;
  children: ComponentChildren;
  variant?: "primary" | "danger" | "default";
  block?: boolean;
  disabled?: boolean;
}

/** Disabled while its form is sending, so a second click or Enter cannot submit twice. */
export function SubmitButton({ pending, children, variant = "primary", block, disabled }: SubmitButtonProps) {
  const cls = ["btn", variant !== "default" && `btn-${variant}`, block && "btn-block"].filter(Boolean).join(" ");
  return (
    <button type="submit" class={cls} disabled={pending || disabled} aria-busy={pending}>
      {pending && <span class="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}
