/**
 * ConversationRoom: one Durable Object per conversation (name `<orgId>:<conversationId>`), the single
 * writer of its message log. It dedupes, orders and stores; the Worker mirrors what it returns into D1.
 */
import { DurableObject } from "cloudflare:workers";
import type { RoomFrame, StoredMedia } from "./protocol";
import type { HistoryQuery, MediaJob, OutboundMessage, RoomIngest, RoomIngestResult, RoomRpc } from "./room-api";
import { HELD_STATUS_TTL_MS, RoomStore } from "./room-store";

/** Whose reaction an inbound reaction is: the customer's (agents' reactions carry their user id). */
const CUSTOMER = "customer";

export class ConversationRoom extends DurableObject<Env> implements RoomRpc {
  private store: RoomStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new RoomStore(ctx.storage.sql);
  }

  /**
   * Stores a webhook's events for this conversation, in order, atomically. The answer is the same
   * for a retried webhook (minus frames), so the caller can repair a D1 row a crash left stale.
   */
  async ingest(input: RoomIngest): Promise<RoomIngestResult> {
    this.assertOwner(input.orgId);
    const result = this.write(() => {
      const store = this.store;
      store.bind(input.orgId, input.conversationId);
      const optOutBefore = store.takeMarketingOptOut();
      const now = Date.now();
      const frames: RoomFrame[] = [];
      const mediaPending: MediaJob[] = [];
      const identityChanges: RoomIngestResult["identityChanges"] = [];
      const counts = { stored: 0, duplicates: 0, statusesApplied: 0, statusesHeld: 0 };

      for (const event of input.events) {
        if (event.kind === "message") {
          const { message, frames: added, duplicate } = store.appendInbound(event.message, now);
          frames.push(...added, ...(duplicate ? [] : store.releaseHeld(event.message.wamid, now)));
          counts[duplicate ? "duplicates" : "stored"]++;
          const job = store.mediaJob(message);
          if (job) mediaPending.push(job);
          const c = message.content;
          if (c.type === "system" && (c.newWaId || c.newUserId)) {
            identityChanges.push({ ...(c.newWaId && { waId: c.newWaId }), ...(c.newUserId && { userId: c.newUserId }) });
          }
        } else if (event.kind === "status") {
          const outcome = store.applyStatus(event.status, now);
          if (outcome === "held") counts.statusesHeld++;
          else if (outcome) {
            frames.push(outcome);
            counts.statusesApplied++;
          }
        } else {
          const frame = store.applyReaction(event.reaction, CUSTOMER);
          if (frame) frames.push(frame);
        }
      }
      store.saveState();
      const optOut = store.takeMarketingOptOut();
      return {
        projection: store.projection(),
        frames,
        mediaPending,
        marketingOptOutAt: optOut !== optOutBefore ? optOut : null,
        identityChanges,
        counts,
      };
    });
    if (result.counts.statusesHeld) await this.scheduleHeldExpiry();
    return result;
  }

  async history(query: HistoryQuery) {
    return this.store.history(query);
  }

  async framesAfter(seq: number, limit?: number): Promise<RoomFrame[]> {
    return this.store.framesAfter(seq, limit);
  }

  /** Stores a message the business sends, as `queued`; the send pipeline takes it from there. */
  async appendOutbound(input: { orgId: string; conversationId: string; message: OutboundMessage }) {
    this.assertOwner(input.orgId);
    return this.write(() => {
      this.store.bind(input.orgId, input.conversationId);
      const result = this.store.appendOutbound(input.message, Date.now());
      this.store.saveState();
      return result;
    });
  }

  async recordWamid(messageId: string, wamid: string): Promise<RoomFrame[]> {
    return this.write(() => this.store.recordWamid(messageId, wamid, Date.now()));
  }

  /** Called by the media job once the bytes are in R2 (or have failed for good). */
  async attachMedia(messageId: string, media: StoredMedia): Promise<RoomFrame | null> {
    return this.write(() => this.store.setMedia(messageId, media));
  }

  override async alarm(): Promise<void> {
    const expired = this.write(() => this.store.expireHeld(Date.now()));
    for (const s of expired) console.warn("status for a message that never arrived", { room: this.store.conversationId, ...s });
    if (this.store.heldCount()) await this.scheduleHeldExpiry();
  }

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

  private async scheduleHeldExpiry(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + HELD_STATUS_TTL_MS);
  }
}
