import type { ComponentChildren } from "preact";
import { AlertIcon, CheckIcon, InfoIcon } from "./icons";

interface AlertProps {
  tone?: "error" | "info" | "success" | "warning";
  children: ComponentChildren;
}

const icons = { error: AlertIcon, warning: AlertIcon, info: InfoIcon, success: CheckIcon };

/** A message in the flow of the page. Errors are announced at once; the rest politely. */
export function Alert({ tone = "error", children }: AlertProps) {
  const Icon = icons[tone];
  return (
    <div class={`alert alert-${tone}`} role={tone === "error" ? "alert" : "status"}>
      <Icon />
      <div class="alert-body">{children}</div>
    </div>
  );
}

/** A form's server-side error, exactly as the server worded it. */
export const FormError = ({ message }: { message: string | null }) => (message ? <Alert>{message}</Alert> : null);
