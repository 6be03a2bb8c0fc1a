/**
 * The conversation an agent has open: its log from the latest history page, kept live by the room's
 * socket (which resumes after the last sequence seen, so a drop or a server restart replays exactly
 * what was missed), older pages on demand, typing in both directions, and a copy for offline use.
 */
import { computed, effect, signal } from "@preact/signals";
import type { ConversationSummary, ReadCursor, RoomClientFrame, RoomFrame, RoomSignal } from "../../../durable/protocol";
import { ApiError, messageOf } from "../api/client";
import { inboxApi, type HistoryPage } from "../api/inbox";
import { toast } from "../components/toasts";
import { ConversationLog } from "../live/conversation-log";
import { ReconnectingSocket, type ConnectionState } from "../live/reconnecting-socket";
import { readCache, removeCache, writeCache } from "../offline/local-cache";
import { currentUser } from "../session/session";
import { pending, refusedIds, waitingCopy, waitingFor } from "./outbox-sync";

/** The offline copy of a conversation: its newest page and the summary its header shows. */
type CachedCopy = HistoryPage & { summary?: ConversationSummary | null };

const PAGE = 50;
/** Conversations kept for offline use, most recent first. */
const CACHED_KEY = "conversations";
const CACHED_MAX = 5;
/** Typing signals repeat while an agent types; one that stops coming has gone stale. */
const TYPING_STALE_MS = 6000;
const TYPING_REPEAT_MS = 2500;
const TYPING_IDLE_MS = 3000;

const cacheKey = (id: string) => `conv.${id}`;

export class OpenConversation {
  readonly log = new ConversationLog();
  readonly summary = signal<ConversationSummary | null>(null);
  readonly status = signal<"loading" | "ready" | "error">("loading");
  readonly error = signal<string | null>(null);
  readonly loadingOlder = signal(false);
  readonly loadingNewer = signal(false);
  /** Set by "Mark as unread": the agent wants it unread, so it is not marked read again while open. */
  readonly keepUnread = signal(false);
  private readonly socket = signal<ReconnectingSocket | null>(null);
  readonly connection = computed<ConnectionState>(
    () => this.socket.value?.state.value ?? (this.status.value === "error" ? "offline" : "connecting"),
  );
  private closed = false;
  private readPosted = 0;
  private typingSentAt = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposers: Array<() => void> = [];

  constructor(
    readonly id: string,
    summary: ConversationSummary | null,
    /** Inbound messages after this sequence were unread when the agent opened the conversation. */
    readonly unreadAfter: number | null,
    /** Open at this message (a search result) rather than at the newest. */
    readonly focusId: string | null = null,
  ) {
    this.summary.value = summary;
  }

  start(): void {
    void this.load();
    void this.refreshSummary();
    let timer: ReturnType<typeof setTimeout> | undefined;
    this.disposers.push(
      effect(() => {
        this.log.messages.value;
        clearTimeout(timer);
        timer = setTimeout(() => this.saveCopy(), 800);
      }),
      () => clearTimeout(timer),
      // A message written offline that the server then refused (the window closed meanwhile, say).
      effect(() => {
        for (const id of refusedIds.value) this.dropPending(id);
      }),
      effect(() => {
        pending.value;
        if (this.status.peek() === "ready") this.showWaiting();
      }),
    );
    // The room hears whether this tab is on screen: a message the agent sees arrive here needs no push.
    const onVisibility = () => this.reportVisibility();
    document.addEventListener("visibilitychange", onVisibility);
    this.disposers.push(() => document.removeEventListener("visibilitychange", onVisibility));
  }

  private reportVisibility(): void {
    this.send({ t: "focus", visible: document.visibilityState === "visible" });
  }

  close(): void {
    this.closed = true;
    this.stopTyping();
    this.socket.peek()?.close();
    for (const t of this.typingTimers.values()) clearTimeout(t);
    for (const dispose of this.disposers) dispose();
  }

  reconnect(): void {
    this.socket.peek()?.reconnectNow();
  }

  /** A fresher list row for this conversation (from the inbox socket or an action's answer). */
  acceptSummary(c: ConversationSummary): void {
    const current = this.summary.peek();
    if (c.id === this.id && (!current || c.roomSeq >= current.roomSeq)) this.summary.value = c;
  }

  async loadOlder(): Promise<void> {
    const first = this.log.firstSeq;
    if (!first || first <= 1 || !this.log.hasOlder.peek() || this.loadingOlder.peek()) return;
    this.loadingOlder.value = true;
    try {
      const page = await inboxApi.history(this.id, { before: first, limit: PAGE });
      if (!this.closed) this.log.prependOlder(page);
    } catch (err) {
      toast(messageOf(err), "error");
    } finally {
      this.loadingOlder.value = false;
    }
  }

  async loadNewer(): Promise<void> {
    if (!this.log.hasNewer.peek() || this.loadingNewer.peek()) return;
    this.loadingNewer.value = true;
    try {
      const page = await inboxApi.history(this.id, { after: this.log.newestLoaded.peek(), limit: PAGE });
      if (!this.closed) this.log.appendNewer(page);
    } catch (err) {
      toast(messageOf(err), "error");
    } finally {
      this.loadingNewer.value = false;
    }
  }

  /** Tells the other agents viewing this conversation that this one is writing (repeated, then idle). */
  noteTyping(): void {
    const now = Date.now();
    if (now - this.typingSentAt > TYPING_REPEAT_MS && this.send({ t: "typing", active: true })) this.typingSentAt = now;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  stopTyping(): void {
    clearTimeout(this.idleTimer);
    if (this.typingSentAt) this.send({ t: "typing", active: false });
    this.typingSentAt = 0;
  }

  /** Moves this agent's read cursor to the latest message; null when there was nothing new to mark. */
  async markRead(): Promise<ReadCursor | null> {
    const seq = this.log.lastSeq;
    if (seq <= this.readPosted || this.keepUnread.peek()) return null;
    this.readPosted = seq;
    try {
      return (await inboxApi.markRead(this.id, seq)).cursor;
    } catch {
      this.readPosted = 0;
      return null;
    }
  }

  async markUnread(): Promise<ReadCursor> {
    this.keepUnread.value = true;
    return (await inboxApi.markUnread(this.id)).cursor;
  }

  /** Takes a send the server refused out of the log (its text goes back to the composer). */
  dropPending(clientId: string): void {
    const list = this.log.messages.peek();
    const next = list.filter((m) => m.id !== clientId || m.seq > 0);
    if (next.length !== list.length) this.log.messages.value = next;
  }

  private send(frame: RoomClientFrame): boolean {
    return this.socket.peek()?.send(frame) ?? false;
  }

  private async load(): Promise<void> {
    // The offline copy holds the newest page: no use when opening at an older message.
    const copy = this.focusId ? null : readCache<CachedCopy>(cacheKey(this.id));
    if (copy) this.show(copy);
    // Offline, the header's name and number come from here when the list's copy does not have the row.
    if (copy?.summary && !this.summary.peek()) this.summary.value = copy.summary;
    try {
      const page = await inboxApi.history(this.id, this.focusId ? { around: this.focusId, limit: PAGE } : { limit: PAGE });
      if (this.closed) return;
      this.show(page);
    } catch (err) {
      if (this.closed) return;
      if (!copy) {
        this.status.value = "error";
        this.error.value = messageOf(err);
        if (err instanceof ApiError && err.status === 0) addEventListener("online", () => !this.closed && void this.load(), { once: true });
        return;
      }
      // Offline with the copy on screen: the socket below resumes from it once the network is back.
    }
    this.openSocket();
  }

  private show(page: HistoryPage): void {
    if (this.focusId) this.log.loadAround(page);
    else this.log.loadLatest(page);
    this.showWaiting();
    this.status.value = "ready";
    this.error.value = null;
  }

  /** Sends of this conversation waiting in the outbox, shown where the composer put them (IndexedDB may answer after the history). */
  private showWaiting(): void {
    const me = currentUser.peek();
    const author = me && { id: me.id, name: me.name };
    for (const send of waitingFor(this.id)) {
      const replyTo = send.kind === "text" ? send.body.replyToMessageId : undefined;
      const quoted = replyTo ? this.log.messages.peek().find((m) => m.id === replyTo)?.wamid : null;
      this.log.addPending(waitingCopy(send, author, quoted));
    }
  }

  private async refreshSummary(): Promise<void> {
    try {
      this.acceptSummary((await inboxApi.conversation(this.id)).conversation);
    } catch (err) {
      if (!this.closed && !this.summary.peek()) this.error.value = messageOf(err);
    }
  }

  private openSocket(): void {
    if (this.closed || this.socket.peek()) return;
    this.socket.value = new ReconnectingSocket({
      // The room replays every frame after the last sequence applied, then says `ready`.
      url: () => `/api/live/conversations/${encodeURIComponent(this.id)}?after=${this.log.lastSeq}`,
      onFrame: (frame) => this.onFrame(frame as RoomFrame | RoomSignal),
      // A new socket starts as "on screen" in the room; a tab opened in the background says otherwise.
      onOpen: () => {
        if (document.visibilityState !== "visible") this.reportVisibility();
      },
      onRevoked: () => {
        this.status.value = "error";
        this.error.value = "You no longer have access to this conversation.";
      },
    });
  }

  private onFrame(frame: RoomFrame | RoomSignal): void {
    if (frame.t === "ready") return;
    if (frame.t === "error") {
      // Too far behind to replay: start again from the latest page; the socket goes on from there.
      if (frame.code === "too_far_behind") void inboxApi.history(this.id, { limit: PAGE }).then((page) => !this.closed && this.show(page));
      return;
    }
    if (frame.t === "typing") this.expireTyping(frame.userId, frame.active);
    const gap = this.log.apply(frame);
    if (gap !== null) this.send({ t: "resync", after: gap });
  }

  private expireTyping(userId: string, active: boolean): void {
    clearTimeout(this.typingTimers.get(userId));
    if (!active) return;
    this.typingTimers.set(
      userId,
      setTimeout(() => (this.log.typing.value = this.log.typing.value.filter((t) => t.userId !== userId)), TYPING_STALE_MS),
    );
  }

  private saveCopy(): void {
    if (this.status.peek() !== "ready" || this.log.hasNewer.peek()) return;
    const stored = this.log.messages.peek().filter((m) => m.seq > 0);
    writeCache(cacheKey(this.id), {
      messages: stored.slice(-PAGE),
      lastSeq: this.log.lastSeq,
      hasMore: stored.length > PAGE || this.log.hasOlder.peek(),
      summary: this.summary.peek(),
    } satisfies CachedCopy);
    const ids = [this.id, ...(readCache<string[]>(CACHED_KEY) ?? []).filter((id) => id !== this.id)];
    for (const old of ids.slice(CACHED_MAX)) removeCache(cacheKey(old));
    writeCache(CACHED_KEY, ids.slice(0, CACHED_MAX));
  }
}
