/**
 * The conversation list: rows from the list API, kept current by the org's inbox socket. Unread counts
 * are this agent's own: inbound messages after their read cursor, exactly.
 */
import { computed, signal } from "@preact/signals";
import type { ConversationSummary, InboxFrame, ReadCursor } from "../../../durable/protocol";

export type ListFilter = { view: "mine" | "unassigned" | "all"; state: "open" | "snoozed" | "closed"; label?: string; q?: string };

export interface ListPage {
  conversations: ConversationSummary[];
  cursors: ReadCursor[];
  nextCursor: string | null;
}

export class InboxStore {
  readonly rows = signal<Map<string, ConversationSummary>>(new Map());
  readonly cursors = signal<Map<string, ReadCursor>>(new Map());
  readonly online = signal<Set<string>>(new Set());
  readonly nextCursor = signal<string | null>(null);
  readonly loading = signal(false);

  constructor(private readonly userId: () => string | null) {}

  /** Rows in list order: most recent activity first. */
  readonly sorted = computed(() =>
    [...this.rows.value.values()].sort((a, b) => (b.lastMessageAt ?? 0) - (a.lastMessageAt ?? 0) || b.id.localeCompare(a.id)),
  );

  unread(c: ConversationSummary): number {
    const cursor = this.cursors.value.get(c.id);
    return Math.max(0, c.inboundCount - (cursor?.inboundCountAtRead ?? 0));
  }

  readonly totalUnread = computed(() => {
    let n = 0;
    for (const c of this.rows.value.values()) if (c.state === "open" && this.unread(c) > 0) n++;
    return n;
  });

  replace(page: ListPage): void {
    this.rows.value = new Map(page.conversations.map((c) => [c.id, c]));
    this.mergeCursors(page.cursors);
    this.nextCursor.value = page.nextCursor;
  }

  append(page: ListPage): void {
    const rows = new Map(this.rows.value);
    for (const c of page.conversations) rows.set(c.id, c);
    this.rows.value = rows;
    this.mergeCursors(page.cursors);
    this.nextCursor.value = page.nextCursor;
  }

  /** Folds a fresh page in without moving the paging cursor (after a reconnect, say). */
  merge(page: ListPage): void {
    const rows = new Map(this.rows.value);
    for (const c of page.conversations) {
      const current = rows.get(c.id);
      if (!current || current.roomSeq <= c.roomSeq) rows.set(c.id, c);
    }
    this.rows.value = rows;
    this.mergeCursors(page.cursors);
  }

  /** Applies a frame from the inbox socket; `matches` decides whether a changed row belongs in this view. */
  apply(frame: InboxFrame, matches: (c: ConversationSummary) => boolean): void {
    if (frame.t === "conversations") {
      const rows = new Map(this.rows.value);
      for (const c of frame.conversations) {
        const current = rows.get(c.id);
        if (current && current.roomSeq > c.roomSeq) continue;
        if (matches(c)) rows.set(c.id, c);
        else rows.delete(c.id);
      }
      this.rows.value = rows;
    } else if (frame.t === "contacts_removed" && !frame.into) {
      // Erased (not merged: a merge moves the conversations, and their rows follow): gone from every list.
      const gone = new Set(frame.ids);
      const rows = new Map([...this.rows.value].filter(([, c]) => !gone.has(c.contact.id)));
      if (rows.size !== this.rows.value.size) this.rows.value = rows;
    } else if (frame.t === "read") {
      this.mergeCursors([frame.cursor]);
    } else if (frame.t === "presence") {
      this.online.value = new Set(frame.online);
    }
  }

  setCursor(cursor: ReadCursor): void {
    this.mergeCursors([cursor]);
  }

  private mergeCursors(list: ReadCursor[]): void {
    if (!list.length) return;
    const next = new Map(this.cursors.value);
    for (const c of list) next.set(c.conversationId, c);
    this.cursors.value = next;
  }

  get me(): string | null {
    return this.userId();
  }
}

/** Whether a row belongs in a filtered list, as the server would decide. */
export function matchesFilter(c: ConversationSummary, f: ListFilter, me: string | null, now = Date.now()): boolean {
  const state = c.state === "snoozed" && (c.snoozedUntil ?? 0) <= now ? "open" : c.state;
  if (state !== f.state) return false;
  if (f.view === "mine" && c.assigneeId !== me) return false;
  if (f.view === "unassigned" && c.assigneeId !== null) return false;
  if (f.label && !c.labels.includes(f.label)) return false;
  if (f.q) {
    const q = f.q.toLowerCase();
    const digits = q.replace(/\D/g, "");
    const byName = (c.contact.name ?? "").toLowerCase().includes(q);
    const byPhone = digits.length >= 3 && (c.contact.waId ?? "").includes(digits);
    if (!byName && !byPhone) return false;
  }
  return true;
}
