/**
 * The inbox: conversation list | open conversation | contact panel. On a phone the list and the chat
 * take turns, with a back button. One inbox socket for the page, one room socket per open conversation.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { useDocumentTitle } from "../components/page";
import { KeyboardIcon, MessageIcon, PhoneIcon, UsersIcon } from "../components/icons";
import { isAdmin } from "../session/roles";
import { currentUser } from "../session/session";
import { ChatPane } from "./chat-pane";
import { worstOf } from "./connection-indicator";
import { ContactPanel } from "./contact-panel";
import { contactName } from "./contact-name";
import { ConversationList } from "./conversation-list";
import { InboxList } from "./inbox-list";
import { loadMembers } from "./members";
import { OpenConversation } from "./open-conversation";
import { contactPanelOpen } from "./panel-state";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { useInboxShortcuts } from "./use-inbox-shortcuts";

function NoConversation({ list, onHelp }: { list: InboxList; onHelp: () => void }) {
  const admin = isAdmin(currentUser.value?.role);
  const empty = list.status.value === "ready" && list.store.rows.value.size === 0 && !list.filter.value.q;
  return (
    <section class="chat chat-none" aria-label="No conversation open">
      <div class="empty">
        <div class="empty-icon">
          <MessageIcon />
        </div>
        <h2>{empty ? "No conversations yet" : "Pick a conversation"}</h2>
        <p>
          {empty
            ? "When customers message your WhatsApp numbers, their conversations show up here, live, for the whole team."
            : "Choose one from the list, or move through them with j and k."}
        </p>
        {empty && admin ? (
          <div class="cluster inbox-next">
            <a class="btn" href="/numbers">
              <PhoneIcon />
              Connect a number
            </a>
            <a class="btn" href="/team">
              <UsersIcon />
              Invite your team
            </a>
          </div>
        ) : (
          <button type="button" class="btn btn-ghost" onClick={onHelp}>
            <KeyboardIcon />
            Keyboard shortcuts <kbd>?</kbd>
          </button>
        )}
      </div>
    </section>
  );
}

export function InboxView({ conversationId, at = null }: { conversationId: string | null; at?: string | null }) {
  const { route } = useLocation();
  const list = useMemo(() => new InboxList(), []);
  useEffect(() => {
    void loadMembers();
    return () => list.close();
  }, []);

  const conv = useMemo(() => {
    if (!conversationId) return null;
    const row = list.store.rows.peek().get(conversationId) ?? null;
    const cursor = list.store.cursors.peek().get(conversationId);
    return new OpenConversation(conversationId, row, cursor ? cursor.readSeq : row ? 0 : null, at);
  }, [conversationId, at]);
  useEffect(() => {
    if (!conv) return;
    conv.start();
    const unsubscribe = list.subscribe((c) => conv.acceptSummary(c));
    return () => {
      unsubscribe();
      conv.close();
    };
  }, [conv]);

  const [help, setHelp] = useState(false);
  const scrollRef = useRef<((index: number) => void) | null>(null);
  const me = currentUser.value?.id ?? null;
  useInboxShortcuts({
    list,
    conv,
    me,
    go: (id) => route(`/inbox/${encodeURIComponent(id)}`, true),
    scrollToIndex: (i) => scrollRef.current?.(i),
    showHelp: () => setHelp(true),
  });

  const summary = conv?.summary.value;
  const unread = list.store.totalUnread.value;
  useDocumentTitle(`${unread ? `(${unread}) ` : ""}${summary ? `${contactName(summary)} · ` : ""}Inbox`);
  // A conversation's socket connecting as it opens is not news; dropping or going offline is.
  const room = conv?.connection.value;
  const connection = worstOf(room && room !== "connecting" ? [list.connection.value, room] : [list.connection.value]);
  const panel = !!conv && contactPanelOpen.value;

  return (
    <div class="inbox-host">
      <div class={`inbox ${conv ? "has-conversation" : ""} ${panel ? "with-panel" : ""}`}>
        <ConversationList
          list={list}
          activeId={conversationId}
          connection={connection}
          onReconnect={() => {
            list.reconnect();
            conv?.reconnect();
          }}
          scrollRef={scrollRef}
        />
        {conv ? (
          <ChatPane key={`${conv.id}:${at ?? ""}`} list={list} conv={conv} onBack={() => route("/inbox")} />
        ) : (
          <NoConversation list={list} onHelp={() => setHelp(true)} />
        )}
        {panel && <ContactPanel key={conv.id} list={list} conv={conv} />}
        {help && <ShortcutsDialog onClose={() => setHelp(false)} />}
      </div>
    </div>
  );
}
