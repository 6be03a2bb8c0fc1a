/**
 * Single-key shortcuts while the agent is not typing: j/k (or arrows) move through the list, r replies, a assigns to me, e closes, i toggles the contact panel, ? shows them all.
 */
import { useEffect, useRef } from "preact/hooks";
import { assignTo, changeState } from "./conversation-actions";
import type { InboxList } from "./inbox-list";
import type { OpenConversation } from "./open-conversation";
import { toggleContactPanel } from "./panel-state";

interface ShortcutOptions {
  list: InboxList;
  conv: OpenConversation | null;
  me: string | null;
  go: (conversationId: string) => void;
  scrollToIndex: (index: number) => void;
  showHelp: () => void;
}

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && !!t.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])");

export function useInboxShortcuts(options: ShortcutOptions): void {
  const latest = useRef(options);
  latest.current = options;
  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      // An open dialog or menu owns the keyboard.
      if (document.querySelector("dialog[open]") || (e.target instanceof HTMLElement && e.target.closest('[role="menu"]'))) return;
      const { list, conv, me, go, scrollToIndex, showHelp } = latest.current;
      const move = (by: number) => {
        const rows = list.store.sorted.peek();
        if (!rows.length) return;
        const at = rows.findIndex((c) => c.id === conv?.id);
        const next = at < 0 ? 0 : Math.max(0, Math.min(rows.length - 1, at + by));
        const id = rows[next]!.id;
        scrollToIndex(next);
        if (id !== conv?.id) go(id);
        requestAnimationFrame(() =>
          document.querySelector<HTMLElement>(`[data-conversation-id="${CSS.escape(id)}"]`)?.focus({ preventScroll: true }),
        );
      };
      const inMessages = e.target instanceof HTMLElement && !!e.target.closest(".messages");
      switch (e.key) {
        case "j":
          move(1);
          break;
        case "k":
          move(-1);
          break;
        case "ArrowDown":
        case "ArrowUp":
          if (inMessages) return;
          move(e.key === "ArrowDown" ? 1 : -1);
          break;
        case "r":
          document.querySelector<HTMLElement>('[data-shortcut="composer"]')?.focus();
          break;
        case "a":
          if (!conv || !me || conv.summary.peek()?.assigneeId === me) return;
          void assignTo(list, conv, me);
          break;
        case "e": {
          const state = conv?.summary.peek()?.state;
          if (!conv || !state) return;
          void changeState(list, conv, { state: state === "closed" ? "open" : "closed" });
          break;
        }
        case "i":
          if (!conv) return;
          toggleContactPanel();
          break;
        case "?":
          showHelp();
          break;
        default:
          return;
      }
      e.preventDefault();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
}
