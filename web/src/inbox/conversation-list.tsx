/**
 * The conversation list pane: header and filters, then the rows, windowed (only those in view are in
 * the DOM) and paged from the API as the agent scrolls toward the end.
 */
import { useEffect } from "preact/hooks";
import { Alert } from "../components/alert";
import { InboxIcon } from "../components/icons";
import { LoadingRows } from "../components/page";
import { now } from "../format/time";
import type { ConnectionState } from "../live/reconnecting-socket";
import { currentUser } from "../session/session";
import { ConversationRow } from "./conversation-row";
import { useFixedWindow } from "./fixed-window";
import type { InboxList } from "./inbox-list";
import { ListHeader } from "./list-header";

/** Matches .conv-item's height in inbox.css. */
export const ROW_HEIGHT = 76;
/** Fetch the next page when this close to the end. */
const PAGE_AHEAD = 15;

interface ConversationListProps {
  list: InboxList;
  activeId: string | null;
  connection: ConnectionState;
  onReconnect: () => void;
  /** Lets keyboard navigation scroll the active row into view. */
  scrollRef: { current: ((index: number) => void) | null };
}

function Empty({ list }: { list: InboxList }) {
  const f = list.filter.value;
  const filtered = !!(f.q || f.label);
  return (
    <div class="conv-empty">
      <span class="empty-icon">
        <InboxIcon />
      </span>
      <p>
        <strong>{filtered ? "Nothing matches" : f.state === "open" ? "All caught up" : `No ${f.state} conversations`}</strong>
      </p>
      <p class="muted small">
        {filtered
          ? "Try another name, number or label."
          : f.view === "mine"
            ? "Nothing is assigned to you here."
            : f.state === "open"
              ? "New WhatsApp messages appear here the moment they arrive."
              : ""}
      </p>
    </div>
  );
}

export function ConversationList({ list, activeId, connection, onReconnect, scrollRef }: ConversationListProps) {
  const rows = list.store.sorted.value;
  // Subscribing to the cursors re-renders the rows when this agent's unread counts move.
  list.store.cursors.value;
  const me = currentUser.value?.id ?? null;
  const { scroller, sizer, start, end, scrollToIndex } = useFixedWindow(rows.length, ROW_HEIGHT);
  scrollRef.current = scrollToIndex;
  const status = list.status.value;

  useEffect(() => {
    if (status === "ready" && end >= rows.length - PAGE_AHEAD && list.store.nextCursor.value) void list.loadMore();
  }, [end, rows.length, status]);

  const at = now.value;
  return (
    <section class="conv-pane" aria-label="Conversations">
      <ListHeader list={list} connection={connection} onReconnect={onReconnect} />
      <div class="conv-scroll" ref={scroller}>
        {status === "loading" ? (
          <LoadingRows rows={6} />
        ) : status === "error" ? (
          <div class="conv-error">
            <Alert>{list.error.value ?? "The conversations could not be loaded."}</Alert>
            <button type="button" class="btn btn-sm" onClick={() => void list.reload()}>
              Try again
            </button>
          </div>
        ) : rows.length === 0 ? (
          <Empty list={list} />
        ) : (
          <div class="conv-sizer" ref={sizer}>
            <ul class="conv-window" aria-label="Conversation list">
              {rows.slice(start, end).map((c, i) => (
                <li
                  key={c.id}
                  class="conv-item"
                  aria-posinset={start + i + 1}
                  aria-setsize={list.store.nextCursor.value ? -1 : rows.length}
                >
                  <ConversationRow
                    c={c}
                    unread={c.id === activeId ? 0 : list.store.unread(c)}
                    active={c.id === activeId}
                    now={at}
                    me={me}
                  />
                </li>
              ))}
            </ul>
          </div>
        )}
        {list.loadingMore.value && <p class="conv-more">Loading more…</p>}
      </div>
    </section>
  );
}
