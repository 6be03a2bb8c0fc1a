/**
 * The conversation list the agent is looking at: the filter, its pages from the API, the org's inbox
 * socket keeping it live, and a snapshot in localStorage so the inbox opens offline to the last state.
 */
import { computed, effect, signal } from "@preact/signals";
import type { ConversationSummary, InboxFrame } from "../../../durable/protocol";
import { ApiError, messageOf } from "../api/client";
import { inboxApi } from "../api/inbox";
import { toast } from "../components/toasts";
import { applyContactFrame } from "../crm/contact-live";
import { InboxStore, matchesFilter, type ListFilter, type ListPage } from "../live/inbox-store";
import { ReconnectingSocket } from "../live/reconnecting-socket";
import { readCache, writeCache } from "../offline/local-cache";
import { currentUser } from "../session/session";
import { FILTER_KEY, sameFilter, savedFilter, takeFirstPage } from "./first-page";
import { flushOutbox } from "./outbox-sync";
import { noteBillingChange } from "../billing/billing-state";
import { noteOrder } from "../commerce/order-live";

const SNAPSHOT_KEY = "list";
const LABELS_KEY = "labels";
const SNAPSHOT_ROWS = 100;

interface Snapshot {
  filter: ListFilter;
  page: ListPage;
}

export class InboxList {
  readonly store = new InboxStore(() => currentUser.peek()?.id ?? null);
  readonly filter = signal<ListFilter>(savedFilter());
  readonly status = signal<"loading" | "ready" | "error">("loading");
  readonly error = signal<string | null>(null);
  readonly loadingMore = signal(false);
  private readonly socket: ReconnectingSocket;
  readonly connection;
  private readonly savedLabels = signal<string[]>(readCache<string[]>(LABELS_KEY) ?? []);
  /** Every label the agent has seen or used, for the filter and the labels editor. */
  readonly labels = computed(() => {
    const all = new Set(this.savedLabels.value);
    for (const c of this.store.rows.value.values()) for (const l of c.labels) all.add(l);
    return [...all].sort((a, b) => a.localeCompare(b));
  });
  private readonly listeners = new Set<(c: ConversationSummary) => void>();
  private generation = 0;
  private readonly disposers: Array<() => void> = [];

  constructor() {
    const snapshot = readCache<Snapshot>(SNAPSHOT_KEY);
    if (snapshot && sameFilter(snapshot.filter, this.filter.value)) {
      this.store.replace(snapshot.page);
      this.status.value = "ready";
    }
    this.socket = new ReconnectingSocket({
      url: () => "/api/live/inbox",
      onFrame: (frame) => this.onFrame(frame as InboxFrame),
      onOpen: () => this.onOpen(),
    });
    this.connection = this.socket.state;
    void this.reload();
    let timer: ReturnType<typeof setTimeout> | undefined;
    this.disposers.push(
      // At most one write a second, and always within a second of a change: a debounce would never
      // write while frames keep arriving in a busy inbox, and a reload offline would open without them.
      effect(() => {
        this.store.rows.value;
        this.store.cursors.value;
        timer ??= setTimeout(() => {
          timer = undefined;
          this.saveSnapshot();
        }, 1000);
      }),
      () => clearTimeout(timer),
    );
    const online = () => void this.flush();
    addEventListener("online", online);
    this.disposers.push(() => removeEventListener("online", online));
  }

  close(): void {
    this.socket.close();
    for (const dispose of this.disposers) dispose();
  }

  /** Rows that change, whether or not they belong in the current view (the open conversation wants them). */
  subscribe(listener: (c: ConversationSummary) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setFilter(patch: Partial<ListFilter>): void {
    const next: ListFilter = { ...this.filter.value, ...patch };
    if (!next.label) delete next.label;
    if (!next.q) delete next.q;
    if (sameFilter(next, this.filter.value)) return;
    this.filter.value = next;
    writeCache(FILTER_KEY, { view: next.view, state: next.state, ...(next.label && { label: next.label }) });
    this.store.replace({ conversations: [], cursors: [], nextCursor: null });
    void this.reload();
  }

  async reload(): Promise<void> {
    const mine = ++this.generation;
    if (!this.store.rows.value.size) this.status.value = "loading";
    try {
      const page = await (takeFirstPage(this.filter.value) ?? inboxApi.list(this.filter.value));
      if (mine !== this.generation) return;
      this.store.replace(page);
      this.status.value = "ready";
      this.error.value = null;
    } catch (err) {
      if (mine !== this.generation) return;
      this.error.value = messageOf(err);
      // Offline with a snapshot on screen: keep showing it; the indicator says we are offline.
      if (!(err instanceof ApiError && err.status === 0 && this.store.rows.value.size)) this.status.value = "error";
    }
  }

  async loadMore(): Promise<void> {
    const cursor = this.store.nextCursor.value;
    if (!cursor || this.loadingMore.value || this.status.value !== "ready") return;
    const mine = this.generation;
    this.loadingMore.value = true;
    try {
      const page = await inboxApi.list(this.filter.value, cursor);
      if (mine === this.generation) this.store.append(page);
    } catch (err) {
      if (mine === this.generation) toast(messageOf(err), "error");
    } finally {
      this.loadingMore.value = false;
    }
  }

  /** A row the server just returned (after an action): into the list if it still belongs there. */
  accept(c: ConversationSummary): void {
    this.onFrame({ t: "conversations", conversations: [c] });
  }

  rememberLabels(labels: string[]): void {
    const next = [...new Set([...this.savedLabels.value, ...labels])].slice(-200);
    this.savedLabels.value = next;
    writeCache(LABELS_KEY, next);
  }

  /** Asks the socket to reconnect now (the indicator's "Reconnect" button). */
  reconnect(): void {
    this.socket.reconnectNow();
  }

  private onFrame(frame: InboxFrame): void {
    const me = currentUser.peek()?.id ?? null;
    const filter = this.filter.peek();
    this.store.apply(frame, (c) => matchesFilter(c, filter, me));
    applyContactFrame(frame);
    if (frame.t === "conversations") for (const c of frame.conversations) for (const listener of this.listeners) listener(c);
    if (frame.t === "order") noteOrder(frame.order);
    if (frame.t === "billing") noteBillingChange(currentUser.peek()?.role === "owner");
  }

  private onOpen(): void {
    // Rows that changed before this socket was up (the first list fetch can finish before the first
    // connect, and a reconnect follows a gap) were never pushed to it: fold the first page in again.
    void this.refreshFirstPage();
    void this.flush();
  }

  private async refreshFirstPage(): Promise<void> {
    const mine = this.generation;
    try {
      const page = await inboxApi.list(this.filter.value);
      if (mine !== this.generation) return;
      this.store.merge(page);
      if (this.status.value !== "ready") this.status.value = "ready";
      for (const c of page.conversations) for (const listener of this.listeners) listener(c);
    } catch {
      // The next reconnect tries again.
    }
  }

  private flush(): Promise<void> {
    return flushOutbox((_send, error) => toast(`A message written offline was not sent: ${error.message}`, "error"));
  }

  private saveSnapshot(): void {
    const conversations = this.store.sorted.peek().slice(0, SNAPSHOT_ROWS);
    const ids = new Set(conversations.map((c) => c.id));
    const page: ListPage = {
      conversations,
      cursors: [...this.store.cursors.peek().values()].filter((c) => ids.has(c.conversationId)),
      nextCursor: null,
    };
    writeCache(SNAPSHOT_KEY, { filter: this.filter.peek(), page } satisfies Snapshot);
  }
}
