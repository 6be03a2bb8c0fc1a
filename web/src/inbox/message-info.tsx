/**
 * WhatsApp's "Message info" for a message the team sent: when it was sent, delivered, read (or played,
 * or failed), and what Meta bills it as. Read fresh from the server when it opens: a status that came
 * late and out of order (read before delivered) records its time without a live frame.
 */
import { Fragment } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { DeliveryStatus, Message, MessagePricing } from "../../../durable/protocol";
import { messagePreview } from "../../../durable/message-preview";
import { messageOf } from "../api/client";
import { inboxApi } from "../api/inbox";
import { Alert } from "../components/alert";
import { Dialog } from "../components/dialog";
import { clockTime, dayLabel, exactTime, now } from "../format/time";
import { StatusTicks } from "./status-ticks";

/** Newest first, as WhatsApp lists them. */
const ROWS: { status: DeliveryStatus; label: string }[] = [
  { status: "played", label: "Played" },
  { status: "read", label: "Read" },
  { status: "delivered", label: "Delivered" },
  { status: "sent", label: "Sent" },
];

const PRICING_TYPES: Record<string, string> = {
  regular: "Charged at the category's rate",
  free_customer_service: "Free: inside the customer-service window",
  free_entry_point: "Free: the customer came from an ad or a Facebook Page button",
};

const words = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replaceAll("_", " ");

function When({ at }: { at: number | undefined }) {
  if (at === undefined) return <span class="muted">—</span>;
  return (
    <time dateTime={new Date(at).toISOString()} title={exactTime(at)}>
      {dayLabel(at, now.value)} · {clockTime(at)}
    </time>
  );
}

function Pricing({ p }: { p: MessagePricing | undefined }) {
  if (!p) return <p class="field-hint">Meta has not sent pricing for this message yet.</p>;
  return (
    <dl class="dl info-dl">
      <dt>Category</dt>
      <dd>{p.category ? words(p.category) : "—"}</dd>
      <dt>Billable</dt>
      <dd>
        {p.billable === null ? (
          "—"
        ) : (
          <span class={`badge ${p.billable ? "badge-warning" : "badge-success"}`}>{p.billable ? "Charged" : "Free"}</span>
        )}
      </dd>
      {p.type && (
        <>
          <dt>Why</dt>
          <dd>{PRICING_TYPES[p.type] ?? words(p.type)}</dd>
        </>
      )}
      {p.originType && (
        <>
          <dt>Conversation</dt>
          <dd>{p.originType === "referral_conversion" ? "Opened from an ad (free entry point)" : words(p.originType)}</dd>
        </>
      )}
      {p.model && (
        <>
          <dt>Pricing model</dt>
          <dd>{p.model === "PMP" ? "Per message" : p.model === "CBP" ? "Per conversation" : p.model}</dd>
        </>
      )}
    </dl>
  );
}

export function MessageInfoDialog({ conversationId, message, onClose }: { conversationId: string; message: Message; onClose: () => void }) {
  const [m, setM] = useState(message);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    inboxApi.message(conversationId, message.id).then(
      (r) => live && setM(r.message),
      (err: unknown) => live && setError(messageOf(err)),
    );
    return () => {
      live = false;
    };
  }, [conversationId, message.id]);
  const times = m.statusTimes ?? {};
  // Played only means something for voice notes; an empty row would read as "not yet".
  const rows = ROWS.filter((r) => r.status !== "played" || times.played !== undefined);
  return (
    <Dialog title="Message info" onClose={onClose} class="message-info">
      <div class="stack">
        <blockquote class="info-preview">
          <span>{messagePreview(m.content)}</span>
          {m.status && <StatusTicks status={m.status} />}
        </blockquote>
        {error && <Alert>{error}</Alert>}
        <dl class="dl info-dl" aria-label="Delivery">
          {rows.map((r) => (
            <Fragment key={r.status}>
              <dt>{r.label}</dt>
              <dd>
                <When at={times[r.status]} />
              </dd>
            </Fragment>
          ))}
          {(times.failed !== undefined || m.status === "failed") && (
            <>
              <dt class="info-failed">Failed</dt>
              <dd>
                <When at={times.failed ?? m.statusAt ?? undefined} />
                {m.error && (
                  <span class="field-hint">
                    {m.error.title.replace(/^\(#\d+\)\s*/, "")} ({m.error.code})
                  </span>
                )}
              </dd>
            </>
          )}
        </dl>
        <h3 class="panel-label">Billing</h3>
        <Pricing p={m.pricing} />
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </Dialog>
  );
}
