/**
 * The open conversation's messages, kept in sequence order from history pages and live frames. Frames at
 * or below the last applied sequence are ignored (no duplicates after a replay); a frame that skips a
 * sequence triggers a resync from the gap (no holes).
 */
import { batch, computed, signal } from "@preact/signals";
import type { Message, RoomFrame, RoomSignal } from "../../../durable/protocol";

export interface TypingAgent {
  userId: string;
  name: string;
}

export class ConversationLog {
  readonly messages = signal<Message[]>([]);
  readonly typing = signal<TypingAgent[]>([]);
  readonly viewers = signal<TypingAgent[]>([]);
  readonly hasOlder = signal(true);
  /**
   * Opened at a message deep in the history (a search result): newer messages exist that are not loaded
   * yet. Live messages still arrive (lastSeq moves on) but stay hidden until the pages between are in.
   */
  readonly hasNewer = signal(false);
  /** The newest sequence of the loaded block, while `hasNewer`. */
  readonly newestLoaded = signal(0);
  /** The last room sequence applied; a reconnect asks for what came after it. */
  lastSeq = 0;
  readonly visible = computed(() => {
    const cap = this.hasNewer.value ? this.newestLoaded.value : Number.POSITIVE_INFINITY;
    return this.messages.value.filter((m) => m.content.type !== "reaction" && m.seq <= cap);
  });

  /** The latest page (from GET …/messages) sets the starting point. */
  loadLatest(page: { messages: Message[]; lastSeq: number; hasMore: boolean }): void {
    this.messages.value = page.messages;
    this.lastSeq = page.lastSeq;
    this.hasOlder.value = page.hasMore;
    this.hasNewer.value = false;
  }

  /** A page around one message (GET …/messages?around=): older and newer pages load as the agent scrolls. */
  loadAround(page: { messages: Message[]; lastSeq: number; hasMore: boolean; hasNewer?: boolean }): void {
    batch(() => {
      this.messages.value = page.messages;
      this.lastSeq = page.lastSeq;
      this.hasOlder.value = page.hasMore;
      this.newestLoaded.value = page.messages[page.messages.length - 1]?.seq ?? 0;
      this.hasNewer.value = !!page.hasNewer;
    });
  }

  /** The page after the loaded block; once it reaches the newest, what arrived live shows too. */
  appendNewer(page: { messages: Message[]; hasMore: boolean }): void {
    batch(() => {
      const known = new Set(this.messages.value.map((m) => m.id));
      this.messages.value = [...this.messages.value, ...page.messages.filter((m) => !known.has(m.id))].sort(
        (a, b) => (a.seq || Number.POSITIVE_INFINITY) - (b.seq || Number.POSITIVE_INFINITY),
      );
      this.newestLoaded.value = Math.max(this.newestLoaded.value, page.messages[page.messages.length - 1]?.seq ?? 0);
      this.hasNewer.value = page.hasMore;
    });
  }

  prependOlder(page: { messages: Message[]; hasMore: boolean }): void {
    const known = new Set(this.messages.value.map((m) => m.id));
    this.messages.value = [...page.messages.filter((m) => !known.has(m.id)), ...this.messages.value];
    this.hasOlder.value = page.hasMore;
  }

  get firstSeq(): number | undefined {
    return this.messages.value[0]?.seq;
  }

  /** Applies a frame; returns the sequence to resync from when a gap shows, else null. */
  apply(frame: RoomFrame | RoomSignal): number | null {
    if (frame.t === "replay") {
      // One render for the whole batch a reconnect brings, not one per frame.
      return batch(() => {
        for (const f of frame.frames) {
          const gap = this.apply(f);
          if (gap !== null) return gap;
        }
        return null;
      });
    }
    if (!("seq" in frame)) {
      this.applySignal(frame);
      return null;
    }
    if (frame.seq <= this.lastSeq) return null;
    if (frame.seq > this.lastSeq + 1) return this.lastSeq;
    this.lastSeq = frame.seq;
    switch (frame.t) {
      case "message":
        this.upsert(frame.message);
        break;
      case "status":
        this.patch(frame.messageId, (m) => ({
          ...m,
          status: frame.status,
          statusAt: frame.statusAt,
          ...(frame.error ? { error: frame.error } : { error: undefined }),
        }));
        break;
      case "reaction":
        this.patch(frame.messageId, (m) => {
          const reactions = { ...m.reactions };
          if (frame.emoji) reactions[frame.by] = frame.emoji;
          else delete reactions[frame.by];
          return { ...m, reactions };
        });
        break;
      case "media":
        this.patch(frame.messageId, (m) => ({ ...m, media: frame.media }));
        break;
    }
    return null;
  }

  /** A send the server has not confirmed yet shows at once (the room echoes it with the same id). */
  addPending(message: Message): void {
    if (!this.messages.value.some((m) => m.id === message.id)) this.messages.value = [...this.messages.value, message];
  }

  private applySignal(s: RoomSignal): void {
    if (s.t === "typing") {
      const others = this.typing.value.filter((t) => t.userId !== s.userId);
      this.typing.value = s.active ? [...others, { userId: s.userId, name: s.name }] : others;
    } else if (s.t === "viewers") {
      this.viewers.value = s.viewers;
    }
  }

  private upsert(message: Message): void {
    const list = this.messages.value;
    const i = list.findIndex((m) => m.id === message.id);
    if (i >= 0) {
      const next = list.slice();
      next[i] = message;
      this.messages.value = next.sort((a, b) => a.seq - b.seq);
    } else {
      this.messages.value = [...list, message].sort((a, b) => (a.seq || Infinity) - (b.seq || Infinity));
    }
  }

  private patch(id: string, fn: (m: Message) => Message): void {
    const list = this.messages.value;
    const i = list.findIndex((m) => m.id === id);
    if (i < 0) return;
    const next = list.slice();
    next[i] = fn(list[i]!);
    this.messages.value = next;
  }
}
