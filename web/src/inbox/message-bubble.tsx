/**
 * One message: a bubble by direction (customer left, team right, private notes apart), its reply quote,
 * time and ticks, reactions, the failure with Meta's reason and Retry, and hover/focus actions.
 */
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import type { Message } from "../../../durable/protocol";
import { messagePreview } from "../../../durable/message-preview";
import { messageOf } from "../api/client";
import { inboxApi } from "../api/inbox";
import { AlertIcon, LockIcon, ReplyIcon, RetryIcon, SmileIcon } from "../components/icons";
import { toast } from "../components/toasts";
import { clockTime, exactTime } from "../format/time";
import { memberName } from "./members";
import { MessageContent } from "./message-content";
import { MessageInfoDialog } from "./message-info";
import type { OpenConversation } from "./open-conversation";
import { waitingIds } from "./outbox-sync";
import { SWIPE_REPLY_PX, useMessageGestures } from "./message-gestures";
import { MessageSheet, QUICK_REACTIONS } from "./message-sheet";
import { react } from "./send";
import { StatusTicks } from "./status-ticks";

interface BubbleProps {
  m: Message;
  conv: OpenConversation;
  /** undefined: not a reply; null: a reply to a message not loaded (yet). */
  quoted: Message | null | undefined;
  /** Same sender as the message above, moments later: drawn closer, without the name again. */
  continued: boolean;
  /** Inside the 24-hour window: replies and reactions can go out. */
  canRespond: boolean;
  contactName: string;
  onReply: (m: Message) => void;
}

function whoReacted(by: string, contactName: string): string {
  if (by === "customer") return contactName;
  if (by === "business") return "Your team";
  return memberName(by);
}

function Quote({ quoted, contactName }: { quoted: Message | null; contactName: string }) {
  if (!quoted) return <p class="quote quote-missing">Reply to an earlier message</p>;
  const who = quoted.direction === "inbound" ? contactName : (quoted.author?.name ?? "Your team");
  return (
    <button
      type="button"
      class="quote"
      onClick={() => document.getElementById(`msg-${quoted.id}`)?.scrollIntoView({ block: "center", behavior: "smooth" })}
      title="Show the quoted message"
    >
      <span class="quote-who">{who}</span>
      <span class="quote-text">{messagePreview(quoted.content)}</span>
    </button>
  );
}

function Reactions({ m, conv, contactName }: { m: Message; conv: OpenConversation; contactName: string }) {
  const groups = new Map<string, string[]>();
  for (const [by, emoji] of Object.entries(m.reactions)) groups.set(emoji, [...(groups.get(emoji) ?? []), by]);
  if (!groups.size) return null;
  return (
    <div class="reactions">
      {[...groups].map(([emoji, by]) => {
        const names = by.map((b) => whoReacted(b, contactName)).join(", ");
        const ours = by.includes("business");
        return ours ? (
          <button
            key={emoji}
            type="button"
            class="reaction is-ours"
            title={`${names} (click to remove yours)`}
            onClick={() => void react(conv, m, null).catch((e: unknown) => toast(messageOf(e), "error"))}
          >
            {emoji}
          </button>
        ) : (
          <span key={emoji} class="reaction" title={names} aria-label={`${emoji} from ${names}`}>
            {emoji}
          </span>
        );
      })}
    </div>
  );
}

function FailedNotice({ m, conv }: { m: Message; conv: OpenConversation }) {
  const [pending, setPending] = useState(false);
  // Meta's titles repeat the code ("(#131026) Message undeliverable"); it is shown once, after.
  const title = m.error?.title.replace(/^\(#\d+\)\s*/, "");
  const detail = m.error?.details ?? (m.error?.message && m.error.message !== m.error.title ? m.error.message : undefined);
  const reason = [title, detail].filter(Boolean).join(": ");
  async function retry() {
    setPending(true);
    try {
      await inboxApi.retry(conv.id, m.id);
    } catch (err) {
      toast(messageOf(err), "error");
    } finally {
      setPending(false);
    }
  }
  return (
    <div class="msg-failed">
      <AlertIcon />
      <span>
        Not delivered{reason && `: ${reason}`}
        {m.error?.code ? <span class="muted"> ({m.error.code})</span> : null}
      </span>
      <button type="button" class="btn btn-sm" onClick={retry} disabled={pending}>
        <RetryIcon />
        Retry
      </button>
    </div>
  );
}

/** The business's reaction, or taking it back when the same emoji is picked again. */
async function toggleReaction(conv: OpenConversation, m: Message, emoji: string): Promise<void> {
  try {
    await react(conv, m, m.reactions["business"] === emoji ? null : emoji);
  } catch (err) {
    toast(messageOf(err), "error");
  }
}

function Actions({ m, conv, onReply }: { m: Message; conv: OpenConversation; onReply: (m: Message) => void }) {
  const [picking, setPicking] = useState(false);
  function pick(emoji: string) {
    setPicking(false);
    void toggleReaction(conv, m, emoji);
  }
  return (
    <div class={`msg-actions ${picking ? "is-open" : ""}`}>
      {picking ? (
        <div
          class="emoji-row"
          role="group"
          aria-label="React"
          onKeyDown={(e) => e.key === "Escape" && (e.stopPropagation(), setPicking(false))}
        >
          {QUICK_REACTIONS.map((emoji) => (
            <button
              key={emoji}
              type="button"
              class="emoji-btn"
              onClick={() => pick(emoji)}
              aria-pressed={m.reactions["business"] === emoji}
            >
              {emoji}
            </button>
          ))}
        </div>
      ) : (
        <>
          <button
            type="button"
            class="btn btn-ghost btn-icon btn-sm"
            onClick={() => onReply(m)}
            aria-label="Reply to this message"
            title="Reply"
          >
            <ReplyIcon />
          </button>
          <button
            type="button"
            class="btn btn-ghost btn-icon btn-sm"
            onClick={() => setPicking(true)}
            aria-label="React to this message"
            title="React"
          >
            <SmileIcon />
          </button>
        </>
      )}
    </div>
  );
}

/** Bubbles ending in a line of text tuck the time into that line; cards and media get a line for it. */
function endsWithText(m: Message): boolean {
  const c = m.content;
  switch (c.type) {
    case "text":
    case "note":
    case "template":
      return true;
    case "image":
    case "video":
    case "sticker":
      return !!c.caption;
    case "order":
      return !!c.text;
    default:
      return false;
  }
}

/** The bubble's row: hover actions for a mouse, hold and swipe for a finger (message-gestures.ts). */
function BubbleRow({
  m,
  conv,
  actionable,
  onReply,
  children,
}: {
  m: Message;
  conv: OpenConversation;
  actionable: boolean;
  onReply: (m: Message) => void;
  children: ComponentChildren;
}) {
  const [sheet, setSheet] = useState(false);
  const { pull, handlers } = useMessageGestures({ enabled: actionable, onHold: () => setSheet(true), onSwipe: () => onReply(m) });
  return (
    <div
      class={`bubble-row ${pull ? "is-pulled" : ""}`}
      style={pull ? { "--pull": `${pull}px`, "--pull-shown": Math.min(1, pull / SWIPE_REPLY_PX) } : undefined}
      {...handlers}
    >
      {pull > 0 && (
        <span class="swipe-reply" aria-hidden="true">
          <ReplyIcon />
        </span>
      )}
      {children}
      {actionable && <Actions m={m} conv={conv} onReply={onReply} />}
      {sheet && (
        <MessageSheet
          m={m}
          onClose={() => setSheet(false)}
          onReply={() => onReply(m)}
          onReact={(emoji) => void toggleReaction(conv, m, emoji)}
        />
      )}
    </div>
  );
}

export function MessageBubble({ m, conv, quoted, continued, canRespond, contactName, onReply }: BubbleProps) {
  const [info, setInfo] = useState(false);
  const c = m.content;
  const time = (
    <time dateTime={new Date(m.waTimestamp).toISOString()} title={exactTime(m.waTimestamp)}>
      {clockTime(m.waTimestamp)}
    </time>
  );
  if (c.type === "system" || c.type === "request_welcome") {
    return (
      <div class="sys-note" id={`msg-${m.id}`}>
        <MessageContent m={m} conversationId={conv.id} />
        {time}
      </div>
    );
  }
  const side = m.direction === "inbound" ? "in" : m.direction === "internal" ? "note" : "out";
  const actionable = canRespond && !!m.wamid && side !== "note";
  return (
    <div class={`msg msg-${side} ${continued ? "is-continued" : ""}`} id={`msg-${m.id}`} data-status={m.status ?? undefined}>
      <BubbleRow m={m} conv={conv} actionable={actionable} onReply={onReply}>
        <div class={`bubble ${endsWithText(m) ? "" : "block-end"}`}>
          {side === "note" && (
            <p class="msg-kicker note-kicker">
              <LockIcon />
              {`Private note${m.author ? ` · ${m.author.name}` : ""}${waitingIds.value.has(m.id) ? " · waiting for the network" : ""}`}
            </p>
          )}
          {side === "out" && !continued && m.author && <p class="msg-author">{m.author.name}</p>}
          {m.context?.forwarded && <p class="msg-forwarded">{m.context.frequentlyForwarded ? "Forwarded many times" : "Forwarded"}</p>}
          {quoted !== undefined && <Quote quoted={quoted} contactName={contactName} />}
          <MessageContent m={m} conversationId={conv.id} />
          <span class="msg-meta">
            {time}
            {side === "out" && m.status && (
              <button type="button" class="ticks-button" onClick={() => setInfo(true)} title="Message info">
                <StatusTicks status={m.status} waiting={m.status === "queued" && waitingIds.value.has(m.id)} />
              </button>
            )}
          </span>
        </div>
      </BubbleRow>
      <Reactions m={m} conv={conv} contactName={contactName} />
      {m.status === "failed" && <FailedNotice m={m} conv={conv} />}
      {info && <MessageInfoDialog conversationId={conv.id} message={m} onClose={() => setInfo(false)} />}
    </div>
  );
}
