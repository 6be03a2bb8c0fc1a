/** Delivery status of an outbound message: clock, ✓, ✓✓, blue ✓✓, played, or failed in red. */
import type { MessageStatus } from "../../../durable/protocol";
import { AlertIcon, CheckCheckIcon, CheckIcon, ClockIcon, PlayIcon } from "../components/icons";

const LABEL: Record<MessageStatus, string> = {
  queued: "Sending",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  played: "Played",
  failed: "Not delivered",
};

export function StatusTicks({ status, waiting }: { status: MessageStatus; waiting?: boolean }) {
  const label = waiting ? "Waiting for the connection" : LABEL[status];
  return (
    <span class={`ticks ticks-${status}`} role="img" aria-label={label} title={label}>
      {status === "queued" ? <ClockIcon /> : status === "sent" ? <CheckIcon /> : status === "failed" ? <AlertIcon /> : <CheckCheckIcon />}
      {status === "played" && <PlayIcon />}
    </span>
  );
}
