/**
 * The chat history: day separators, the "unread" line, bubbles grouped by sender. It stays pinned to the
 * newest message as messages arrive, unless the agent scrolled up to read (then a "new messages" pill
 * shows); scrolling near the top loads the page before, keeping what is on screen in place. Opened at a
 * message (a search result), it shows that message in the middle, flashed, and loads newer pages as the
 * agent scrolls down.
 */
import { useComputed } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import type { Message } from "../../../durable/protocol";
import { ArrowDownIcon } from "../components/icons";
import { dayLabel, now } from "../format/time";
import { currentUser } from "../session/session";
import { MessageBubble } from "./message-bubble";
import type { OpenConversation } from "./open-conversation";

/** Within this distance of the bottom counts as "at the bottom". */
const PIN_SLACK = 48;
/** Start loading older messages this far from the top. */
const LOAD_AHEAD = 400;
const GROUP_GAP_MS = 5 * 60_000;
/** How long the message a search opened at stays highlighted (the CSS animation's length). */
const FLASH_MS = 2400;

interface MessageListProps {
  conv: OpenConversation;
  canRespond: boolean;
  contactName: string;
  onReply: (m: Message) => void;
}

const dayOf = (at: number) => new Date(at).toDateString();
const sender = (m: Message) => (m.direction === "inbound" ? "customer" : `${m.direction}:${m.author?.id ?? ""}`);

export function MessageList({ conv, canRespond, contactName, onReply }: MessageListProps) {
  const messages = conv.log.visible.value;
  const byWamid = useComputed(() => {
    const map = new Map<string, Message>();
    for (const m of conv.log.messages.value) if (m.wamid) map.set(m.wamid, m);
    return map;
  }).value;
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const seen = useRef({ first: "", last: "", height: 0, top: 0, hadNewer: false });
  const [unseen, setUnseen] = useState(0);

  function remember() {
    const el = scroller.current;
    if (el) seen.current = { ...seen.current, height: el.scrollHeight, top: el.scrollTop };
  }

  function toBottom() {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    pinned.current = true;
    setUnseen(0);
    remember();
  }

  // After each change to the list: keep the view where the agent expects it.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const first = messages[0]?.id ?? "";
    const last = messages[messages.length - 1]?.id ?? "";
    const before = seen.current;
    const focused = !before.last && conv.focusId ? document.getElementById(`msg-${conv.focusId}`) : null;
    if (focused) {
      focused.scrollIntoView({ block: "center" });
      pinned.current = false;
      focused.classList.add("is-found");
      setTimeout(() => focused.classList.remove("is-found"), FLASH_MS);
    } else if (!before.last) {
      toBottom();
    } else if (before.hadNewer && first === before.first) {
      // A newer page went in below the one on screen: nothing moves, nothing is "new".
    } else if (first !== before.first && last === before.last) {
      // Older messages went in above: move down by what they added, so nothing on screen moves.
      el.scrollTop = before.top + (el.scrollHeight - before.height);
    } else if (last !== before.last) {
      const newest = messages[messages.length - 1];
      const mine = newest && newest.direction !== "inbound" && newest.author?.id === currentUser.peek()?.id;
      if (pinned.current || mine) toBottom();
      else {
        const from = messages.findIndex((m) => m.id === before.last);
        setUnseen((n) => n + (from >= 0 ? messages.length - 1 - from : 1));
      }
    } else if (pinned.current) {
      el.scrollTop = el.scrollHeight;
    }
    seen.current = { first, last, height: el.scrollHeight, top: el.scrollTop, hadNewer: conv.log.hasNewer.peek() };
    // A first page too short to scroll never fires a scroll event: fetch the page before it now.
    if (el.scrollHeight <= el.clientHeight && conv.log.hasOlder.peek()) void conv.loadOlder();
    if (el.scrollHeight <= el.clientHeight && conv.log.hasNewer.peek()) void conv.loadNewer();
  }, [messages]);

  // Images and cards that finish loading change the height: stay at the bottom if we were there.
  useLayoutEffect(() => {
    const el = content.current;
    if (!el) return;
    const resize = new ResizeObserver(() => {
      if (pinned.current && scroller.current) scroller.current.scrollTop = scroller.current.scrollHeight;
      remember();
    });
    resize.observe(el);
    return () => resize.disconnect();
  }, []);

  function onScroll() {
    const el = scroller.current;
    if (!el) return;
    const fromBottom = el.scrollHeight - el.scrollTop - el.clientHeight;
    pinned.current = fromBottom < PIN_SLACK && !conv.log.hasNewer.peek();
    if (pinned.current && unseen) setUnseen(0);
    remember();
    if (el.scrollTop < LOAD_AHEAD && conv.log.hasOlder.peek()) void conv.loadOlder();
    if (fromBottom < LOAD_AHEAD && conv.log.hasNewer.peek()) void conv.loadNewer();
  }

  const today = now.value;
  const items: ComponentChildren[] = [];
  let unreadShown = false;
  messages.forEach((m, i) => {
    const prev = messages[i - 1];
    const newDay = !prev || dayOf(prev.waTimestamp) !== dayOf(m.waTimestamp);
    if (newDay) {
      items.push(
        <div key={`d-${m.id}`} class="day-sep" role="separator">
          <span>{dayLabel(m.waTimestamp, today)}</span>
        </div>,
      );
    }
    let unreadLine = false;
    if (!unreadShown && conv.unreadAfter !== null && m.direction === "inbound" && m.seq > conv.unreadAfter) {
      unreadShown = unreadLine = true;
      items.push(
        <div key="unread" class="unread-sep" role="separator">
          <span>Unread messages</span>
        </div>,
      );
    }
    const continued =
      !!prev &&
      !newDay &&
      !unreadLine &&
      sender(prev) === sender(m) &&
      m.waTimestamp - prev.waTimestamp < GROUP_GAP_MS &&
      prev.content.type !== "system";
    const quotedWamid = m.context?.quotedWamid;
    items.push(
      <MessageBubble
        key={m.id}
        m={m}
        conv={conv}
        quoted={quotedWamid ? (byWamid.get(quotedWamid) ?? null) : undefined}
        continued={continued}
        canRespond={canRespond}
        contactName={contactName}
        onReply={onReply}
      />,
    );
  });

  return (
    <div class="messages-wrap">
      <div
        class="messages"
        ref={scroller}
        onScroll={onScroll}
        tabIndex={0}
        aria-label="Messages"
        role="log"
        aria-live="polite"
        aria-relevant="additions"
      >
        <div class="messages-content" ref={content}>
          {conv.loadingOlder.value && <div class="history-note">Loading earlier messages…</div>}
          {!conv.log.hasOlder.value && messages.length > 0 && <div class="history-note">This is the start of the conversation.</div>}
          {items}
          {conv.log.hasNewer.value && (
            <div class="history-note">{conv.loadingNewer.value ? "Loading later messages…" : "Later messages"}</div>
          )}
        </div>
      </div>
      {unseen > 0 && (
        <button type="button" class="new-pill" onClick={toBottom}>
          <ArrowDownIcon />
          {unseen === 1 ? "1 new message" : `${unseen} new messages`}
        </button>
      )}
    </div>
  );
}
