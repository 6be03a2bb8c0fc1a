/**
 * Moves this agent's read cursor while the conversation is open and the tab visible, once there is an
 * inbound message past it; "Mark as unread" holds it back until the conversation is opened again.
 */
import { signal, useSignalEffect } from "@preact/signals";
import type { InboxList } from "./inbox-list";
import type { OpenConversation } from "./open-conversation";

const pageVisible = signal(document.visibilityState === "visible");
document.addEventListener("visibilitychange", () => (pageVisible.value = document.visibilityState === "visible"));

export function useMarkRead(list: InboxList, conv: OpenConversation): void {
  useSignalEffect(() => {
    const messages = conv.log.messages.value;
    const cursor = list.store.cursors.value.get(conv.id);
    if (!pageVisible.value || conv.keepUnread.value || conv.status.value !== "ready") return;
    let lastInbound = 0;
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i]!;
      if (m.direction === "inbound") {
        lastInbound = m.seq;
        break;
      }
    }
    if (lastInbound <= (cursor?.readSeq ?? 0)) return;
    const timer = setTimeout(() => {
      void conv.markRead().then((c) => c && list.store.setCursor(c));
    }, 300);
    return () => clearTimeout(timer);
  });
}
