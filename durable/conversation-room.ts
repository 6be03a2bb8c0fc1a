/**
 * ConversationRoom: one Durable Object per conversation (name `<orgId>:<conversationId>`), the single
 * writer of its message log. It dedupes, orders and stores; fans every change out to the agents viewing
 * it; and commits the D1 projection of each webhook's change in the same transaction (its outbox),
 * written to D1 through the OrgInbox after the answer, so the webhook's 200 waits for the room only.
 */
import type { Message, MessageError, RoomClientFrame, RoomFrame, RoomSignal, StoredMedia } from "./protocol";
import type {
  ExportedMessageRow,
  HistoryQuery,
  MediaJob,
  RoomImport,
  OutboundMessage,
  RoomIngest,
  RoomIngestResult,
  RoomProjection,
  RoomRpc,
} from "./room-api";
import { HELD_STATUS_TTL_MS, RoomStore } from "./room-store";
import { RoomOutbox } from "./room-outbox";
import { ingestProjection } from "./projection/ingest-projection";
import { isSearchable, searchDocOf, type SearchDoc } from "./search/search-doc";
import { SocketRoom, type SocketUser } from "./socket-room";

/** Whose reaction an inbound reaction is: the customer's (agents' reactions carry their user id). */
const CUSTOMER = "customer";
/** A reconnecting client further behind than this reloads history instead of replaying frames. */
const MAX_REPLAY = 5000;
/** A replay goes out in messages of about this many characters, frames spliced in as stored. */
const REPLAY_CHUNK_CHARS = 64 * 1024;
/** How long "X is replying" lasts without a fresh typing frame (clients repeat it while typing). */
const TYPING_TTL_MS = 6000;

export interface AppendResult {
  message: Message;
  frames: RoomFrame[];
  duplicate: boolean;
  projection: RoomProjection;
  search: SearchDoc[];
}

export class ConversationRoom extends SocketRoom implements RoomRpc {
  private store: RoomStore;
  private outbox: RoomOutbox;
  /** Who is typing, so a tab that opens mid-reply sees it too. In memory: lost on hibernation, as it should be. */
  private typing = new Map<string, { name: string; until: number }>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new RoomStore(ctx.storage.sql);
    this.outbox = new RoomOutbox(ctx.storage, async (orgId, items) => {
      if (!(await this.env.ORG_INBOX.getByName(orgId).projectOutbox(orgId, items))) throw new Error("D1 refused the projection");
    });
  }

  /**
   * Stores a webhook's events for this conversation, in order, atomically. The answer is the same
   * for a retried webhook (minus frames). With `input.project` the conversation's D1 projection is
   * committed with the events and written after the answer (a retry commits it again: a stale row is
   * repaired); without it the caller projects.
   */
  async ingest(input: RoomIngest): Promise<RoomIngestResult> {
    this.assertOwner(input.orgId);
    const result = this.write(() => {
      const store = this.store;
      store.bind(input.orgId, input.conversationId);
      const optOutBefore = store.takeMarketingOptOut();
      const unreachableBefore = store.unreachableAt();
      let customerWrote = false;
      const now = Date.now();
      const frames: RoomFrame[] = [];
      const mediaPending: MediaJob[] = [];
      const counts = { stored: 0, duplicates: 0, statusesApplied: 0, statusesHeld: 0 };
      // Replays too: the index keys by message id, so sending a duplicate again repairs a lost write and costs nothing.
      const indexed = new Map<string, [Message, string | null]>();

      for (const event of input.events) {
        if (event.kind === "message") {
          const { message, frames: added, duplicate } = store.appendInbound(event.message, now);
          frames.push(...added, ...(duplicate ? [] : store.releaseHeld(event.message.wamid, now)));
          counts[duplicate ? "duplicates" : "stored"]++;
          indexed.set(message.id, [message, event.message.phoneNumberId]);
          if (!duplicate && message.content.type !== "system") customerWrote = true;
          const job = store.mediaJob(message);
          if (job) mediaPending.push(job);
        } else if (event.kind === "status") {
          const outcome = store.applyStatus(event.status, now);
          if (outcome === "held") counts.statusesHeld++;
          else if (outcome) {
            frames.push(outcome);
            counts.statusesApplied++;
            if (outcome.t === "status" && outcome.status === "failed") {
              const failed = store.message(outcome.messageId);
              if (failed) indexed.set(failed.id, [failed, store.phoneNumberOf(failed.id)]);
            }
          }
        } else {
          const frame = store.applyReaction(event.reaction, CUSTOMER);
          if (frame) frames.push(frame);
        }
      }
      store.saveState();
      const optOut = store.takeMarketingOptOut();
      const unreachable = store.unreachableAt();
      const rowChanged = input.events.some((e) => e.kind === "message" || (e.kind === "status" && e.status.status === "failed"));
      const answer = {
        projection: rowChanged ? store.projection() : null,
        frames,
        changed: frames.length,
        mediaPending,
        marketingOptOutAt: optOut !== optOutBefore ? optOut : null,
        ...(unreachable !== unreachableBefore && { unreachableAt: unreachable }),
        customerWrote,
        search: this.searchDocs([...indexed.values()]),
        counts,
      };
      const item = input.project && ingestProjection(input.conversationId, input.project, answer);
      if (item) this.outbox.add(item, now);
      return { ...answer, now, outboxed: !!item };
    });
    const { frames, now, outboxed, ...answer } = result;
    this.fanOut(frames);
    if (outboxed) {
      await this.outbox.arm(now);
      void this.drainOutbox();
    }
    if (result.counts.statusesHeld) await this.scheduleHeldExpiry();
    // The frames stay here: they went to the sockets, and copying them back over RPC is wasted work.
    // Who saw the customer's message arrive live: asked now, not when a push job runs (a tab hidden since then did see it).
    return result.customerWrote ? { ...answer, seenBy: this.lookingUsers() } : answer;
  }

  /** True once D1 has every projection this room committed; false if D1 refused (the alarm retries). */
  async projectionSettled(): Promise<boolean> {
    return this.outbox.drain(this.store.orgId).then(
      () => true,
      () => false,
    );
  }

  async history(query: HistoryQuery) {
    return this.store.history(query);
  }

  async historyAround(messageId: string, limit?: number) {
    return this.store.historyAround(messageId, limit);
  }

  async framesAfter(seq: number, limit?: number): Promise<RoomFrame[]> {
    return this.store.framesAfter(seq, limit);
  }

  async message(messageId: string): Promise<Message | null> {
    return this.store.message(messageId) ?? null;
  }

  async readPoint(seq: number) {
    return this.store.readPoint(seq);
  }

  async unreadPoint() {
    return this.store.unreadPoint();
  }

  async projection(): Promise<RoomProjection> {
    return this.store.projection();
  }

  /** Stores a message the business sends (as `queued`) or a private note; idempotent by its id. */
  async appendOutbound(input: { orgId: string; conversationId: string; message: OutboundMessage }): Promise<AppendResult> {
    this.assertOwner(input.orgId);
    const result = this.write(() => {
      this.store.bind(input.orgId, input.conversationId);
      const appended = this.store.appendOutbound(input.message, Date.now());
      this.store.saveState();
      return {
        ...appended,
        projection: this.store.projection(),
        search: this.searchDocs([[appended.message, input.message.phoneNumberId]]),
      };
    });
    this.fanOut(result.frames);
    return result;
  }

  async recordWamid(messageId: string, wamid: string): Promise<RoomFrame[]> {
    return this.fanOut(this.write(() => this.store.recordWamid(messageId, wamid, Date.now())));
  }

  async failOutbound(
    messageId: string,
    error: MessageError,
  ): Promise<{ frame: RoomFrame | null; projection: RoomProjection; search: SearchDoc[] }> {
    const frame = this.write(() => {
      const f = this.store.failOutbound(messageId, error, Date.now());
      this.store.saveState();
      return f;
    });
    this.fanOut(frame ? [frame] : []);
    const failed = frame ? this.store.message(messageId) : undefined;
    return {
      frame,
      projection: this.store.projection(),
      search: this.searchDocs(failed ? [[failed, this.store.phoneNumberOf(messageId)]] : []),
    };
  }

  async requeueOutbound(messageId: string): Promise<RoomFrame | null> {
    const frame = this.write(() => this.store.requeueOutbound(messageId, Date.now()));
    this.fanOut(frame ? [frame] : []);
    return frame;
  }

  /** An agent's reaction on a message (sent to WhatsApp by the send pipeline). */
  async applyAgentReaction(targetMessageId: string, by: string, emoji: string | null): Promise<RoomFrame | null> {
    const frame = this.write(() => this.store.applyAgentReaction(targetMessageId, by, emoji, Date.now()));
    this.fanOut(frame ? [frame] : []);
    return frame;
  }

  /** Called by the media job once the bytes are in R2 (or have failed for good). */
  async attachMedia(messageId: string, media: StoredMedia): Promise<RoomFrame | null> {
    const frame = this.write(() => this.store.setMedia(messageId, media));
    this.fanOut(frame ? [frame] : []);
    return frame;
  }

  async exportMessages(afterSeq: number, limit: number): Promise<ExportedMessageRow[]> {
    return this.store.exportMessages(afterSeq, limit);
  }

  async importMessages(input: RoomImport): Promise<number> {
    this.assertOwner(input.orgId);
    return this.write(() => {
      this.store.bind(input.orgId, input.conversationId);
      const added = this.store.importMessages(input.rows, input.unreadCount, Date.now());
      this.store.saveState();
      return added;
    });
  }

  /** Agents with this conversation open in a tab in front of them: push would tell them what they see. */
  async focusedUsers(): Promise<string[]> {
    return this.lookingUsers();
  }

  /** Closes every socket first, so no agent keeps a view of what is gone; then storage and alarm. */
  async destroy(): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) ws.close(4410, "conversation deleted");
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.store = new RoomStore(this.ctx.storage.sql);
    this.outbox.reset();
  }

  /** Two jobs share the alarm: projections D1 has not confirmed (see room-outbox.ts), and held statuses. */
  override async alarm(): Promise<void> {
    await this.outbox.retry(this.store.orgId, Date.now());
    const expired = this.write(() => this.store.expireHeld(Date.now()));
    for (const s of expired) console.warn("status for a message that never arrived", { room: this.store.conversationId, ...s });
    if (this.store.heldCount()) await this.scheduleHeldExpiry();
  }

  // --- sockets -------------------------------------------------------------------------------

  /** A (re)connecting client names the last sequence it saw; it gets exactly what it missed, then `ready`. */
  protected override onConnect(ws: WebSocket, _user: SocketUser, url: URL): void {
    const after = Number(url.searchParams.get("after") ?? "0");
    this.replay(ws, Number.isSafeInteger(after) && after >= 0 ? after : 0);
    this.broadcastViewers();
    const now = Date.now();
    for (const [userId, t] of this.typing) {
      if (t.until > now) this.send(ws, { t: "typing", userId, name: t.name, active: true } satisfies RoomSignal);
      else this.typing.delete(userId);
    }
  }

  protected override onMessage(ws: WebSocket, user: SocketUser, frame: unknown): void {
    const f = frame as Partial<RoomClientFrame>;
    if (f.t === "typing") {
      const active = f.active === true;
      if (active) this.typing.set(user.userId, { name: user.name, until: Date.now() + TYPING_TTL_MS });
      else this.typing.delete(user.userId);
      this.broadcast({ t: "typing", userId: user.userId, name: user.name, active } satisfies RoomSignal, { except: ws });
    } else if (f.t === "resync" && typeof f.after === "number") {
      this.replay(ws, f.after);
    } else if (f.t === "focus" && typeof f.visible === "boolean") {
      this.setHidden(ws, !f.visible);
    }
  }

  protected override onClose(ws: WebSocket, user: SocketUser): void {
    this.typing.delete(user.userId);
    this.broadcast({ t: "typing", userId: user.userId, name: user.name, active: false } satisfies RoomSignal, { except: ws });
    this.broadcastViewers();
  }

  private replay(ws: WebSocket, after: number): void {
    const lastSeq = this.store.lastSeq();
    if (lastSeq - after > MAX_REPLAY) {
      this.send(ws, { t: "error", code: "too_far_behind", message: "Reload the conversation's history." } satisfies RoomSignal);
      return;
    }
    // One message per frame made a 1,000-frame resume cost 1,000 sends through every hop; batched, a few.
    let chunk: string[] = [];
    let chars = 0;
    const flush = () => {
      if (chunk.length) this.send(ws, `{"t":"replay","frames":[${chunk.join(",")}]}`);
      chunk = [];
      chars = 0;
    };
    for (const text of this.store.frameTextsAfter(after, MAX_REPLAY)) {
      if (chars + text.length > REPLAY_CHUNK_CHARS) flush();
      chunk.push(text);
      chars += text.length;
    }
    flush();
    this.send(ws, { t: "ready", lastSeq } satisfies RoomSignal);
  }

  /** Coalesced: by the time it goes out, a socket that just closed is no longer OPEN and drops out. */
  private broadcastViewers(): void {
    this.coalesce("viewers", 20, () => {
      const viewers = this.connectedUsers().map((u) => ({ userId: u.userId, name: u.name }));
      this.broadcast({ t: "viewers", viewers } satisfies RoomSignal);
    });
  }

  /** Each message with the business number it went through (not part of Message, so passed beside it). */
  private searchDocs(messages: [Message, string | null][]): SearchDoc[] {
    const conversationId = this.store.conversationId;
    if (!conversationId) return [];
    return messages.filter(([m]) => isSearchable(m.content)).map(([m, number]) => searchDocOf(conversationId, m, number));
  }

  private fanOut(frames: RoomFrame[]): RoomFrame[] {
    for (const frame of frames) this.broadcast(frame);
    return frames;
  }

  // --- storage -------------------------------------------------------------------------------

  /** A room's name embeds its org; a caller naming another org is a bug upstream, never data to store. */
  private assertOwner(orgId: string): void {
    if (this.store.orgId && this.store.orgId !== orgId) throw new Error("room belongs to another organization");
  }

  /** One transaction per call; on failure the in-memory state is reloaded from what SQLite kept. */
  private write<T>(fn: () => T): T {
    try {
      return this.ctx.storage.transactionSync(fn);
    } catch (err) {
      this.store = new RoomStore(this.ctx.storage.sql);
      throw err;
    }
  }

  /** After the answer: failures are left to the alarm, which was set with the commit. */
  private async drainOutbox(): Promise<void> {
    try {
      await this.outbox.drain(this.store.orgId);
    } catch (err) {
      console.warn("D1 projection deferred to the room's alarm", { room: this.store.conversationId, err: String(err) });
    }
  }

  private async scheduleHeldExpiry(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + HELD_STATUS_TTL_MS);
  }
}
