/** One row of the list: who, its labels, the last message, when, this agent's unread count, assignee, waiting time. */
import type { ConversationSummary } from "../../../durable/protocol";
import { initials } from "../components/avatar";
import { ClockIcon } from "../components/icons";
import { exactTime, listStamp, shortDuration } from "../format/time";
import { ContactAvatar } from "./contact-avatar";
import { contactName } from "./contact-name";
import { memberName } from "./members";

/** Labels shown on a row (the newest, where AI's intent label lands); the rest is counted ("+2"). */
const ROW_LABELS = 1;

/** Past this, a waiting customer is flagged. */
const LONG_WAIT_MS = 60 * 60_000;

interface RowProps {
  c: ConversationSummary;
  unread: number;
  active: boolean;
  now: number;
  me: string | null;
}

export function ConversationRow({ c, unread, active, now, me }: RowProps) {
  const name = contactName(c);
  const waited =
    c.lastMessageDirection === "inbound" && c.waitingCount > 0 && c.lastInboundAt !== null && c.state !== "closed"
      ? now - c.lastInboundAt
      : 0;
  // Under a minute is not waiting yet; it is the message that just came in.
  const waiting = waited >= 60_000 ? waited : null;
  const assignee = c.assigneeId ? memberName(c.assigneeId) : null;
  const mine = c.assigneeId !== null && c.assigneeId === me;
  return (
    <a
      href={`/inbox/${encodeURIComponent(c.id)}`}
      class={`conv-row ${unread > 0 ? "is-unread" : ""}`}
      aria-current={active ? "page" : undefined}
      data-conversation-id={c.id}
      aria-label={`${name}${unread ? `, ${unread} unread` : ""}${assignee ? `, assigned to ${mine ? "you" : assignee}` : ""}${c.labels.length ? `, labels ${c.labels.join(", ")}` : ""}`}
    >
      <ContactAvatar name={name} id={c.contact.id} />
      <span class="conv-main">
        <span class="conv-line">
          <span class="conv-name">{name}</span>
          {c.lastMessageAt !== null && (
            <time class="conv-time" dateTime={new Date(c.lastMessageAt).toISOString()} title={exactTime(c.lastMessageAt)}>
              {listStamp(c.lastMessageAt, now)}
            </time>
          )}
        </span>
        <span class="conv-line">
          <span class="conv-preview">
            {c.lastMessageDirection === "outbound" && <span class="conv-you">You: </span>}
            {c.lastMessagePreview ?? "No messages yet"}
          </span>
          {c.labels.length > 0 && <RowLabels labels={c.labels} />}
          {waiting !== null && (
            <span
              class={`conv-wait ${waiting > LONG_WAIT_MS ? "is-long" : ""}`}
              title={`Waiting for a reply for ${shortDuration(waiting)}`}
            >
              <ClockIcon />
              {shortDuration(waiting)}
            </span>
          )}
          {assignee && (
            <span class={`conv-assignee ${mine ? "is-mine" : ""}`} title={`Assigned to ${mine ? "you" : assignee}`}>
              {initials(assignee)}
            </span>
          )}
          {unread > 0 && <span class="conv-unread">{unread > 99 ? "99+" : unread}</span>}
        </span>
      </span>
    </a>
  );
}

/** The conversation's labels (AI's intent label among them, as it lands), beside the preview so the row keeps its height and the name its room. */
function RowLabels({ labels }: { labels: string[] }) {
  const shown = labels.slice(-ROW_LABELS);
  const more = labels.length - shown.length;
  return (
    <span class="conv-labels" title={labels.join(", ")}>
      {shown.map((l) => (
        <span key={l} class="conv-label" data-label={l}>
          {l}
        </span>
      ))}
      {more > 0 && <span class="conv-label is-more">+{more}</span>}
    </span>
  );
}
