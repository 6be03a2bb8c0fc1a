/**
 * OrgInbox: one Durable Object per organization. Every agent tab holds one socket here and receives
 * conversation-list rows as they change, their own read cursors (so "mark as unread" reaches their
 * other tabs) and who is online. Bursts are coalesced: rows published within one flush window go out
 * as one frame, the newest row per conversation winning.
 *
 * It is also the org's single writer of webhook projections into D1: parallel webhooks share one D1
 * batch (group commit), and the rows that batch returns go straight out to the sockets.
 */
import type { ContactImportView } from "../db/contact-import-view";
import type { DataJobProgress } from "../db/data-job-view";
import type { CampaignProgress, RecipientUpdate } from "./campaign-protocol";
import type { ProjectionItem } from "./projection/projection";
import { ProjectionWriter } from "./projection/projection-writer";
import type { SearchDoc } from "./search/search-doc";
import { SearchFeed } from "./search/search-feed";
import type { ContactFrame, ConversationSummary, InboxFrame, OrderSummary, ReadCursor } from "./protocol";
import { SocketRoom } from "./socket-room";

/** Long enough to merge a burst of parallel webhook POSTs, short enough to stay invisible. */
const FLUSH_MS = 5;
/** Projection lags kept for the bench (dev route); the oldest half goes when full. */
const MAX_LAG_SAMPLES = 50_000;

export class OrgInbox extends SocketRoom {
  private pending = new Map<string, ConversationSummary>();
  private lags: number[] = [];
  private writer = new ProjectionWriter(
    this.env.DB,
    (rows) => {
      this.queueRows(rows);
      // The D1 round trip already merged a burst: no reason to wait another flush window.
      this.flush();
    },
    Date.now,
    (ms) => {
      if (this.lags.length + ms.length > MAX_LAG_SAMPLES) this.lags = this.lags.slice(this.lags.length >> 1);
      this.lags.push(...ms);
    },
  );

  private search = new SearchFeed((orgId, changes) => this.env.SEARCH_INDEX.getByName(orgId).apply(orgId, changes));

  /**
   * Writes a webhook's D1 projection, sharing the batch with other webhooks in flight; resolves once
   * committed. The messages then go to the search index, without holding the caller.
   */
  async project(orgId: string, items: ProjectionItem[]): Promise<void> {
    await this.writer.write(orgId, items);
    this.search.add(
      orgId,
      items.flatMap((i) => (i.kind === "conversation" && i.search ? i.search.map((doc) => ({ op: "upsert" as const, doc })) : [])),
    );
  }

  /**
   * A room's outbox: as project(), answering false when D1 refused (the room's alarm retries) rather
   * than throwing, which the runtime would report as an uncaught error in both objects.
   */
  async projectOutbox(orgId: string, items: ProjectionItem[]): Promise<boolean> {
    try {
      await this.project(orgId, items);
      return true;
    } catch (err) {
      console.warn("D1 refused a room's projection; its alarm retries", { orgId, err: String(err) });
      return false;
    }
  }

  /** Messages that change no inbox row (private notes) reach the index this way, through the same feed. */
  async index(orgId: string, docs: SearchDoc[]): Promise<void> {
    this.search.add(
      orgId,
      docs.map((doc) => ({ op: "upsert" as const, doc })),
    );
  }

  /**
   * Erased conversations leave the index. Through the same feed as the messages, so a message of theirs
   * still waiting to be indexed is written before the drop, never after it.
   */
  async forgetInSearch(orgId: string, conversationIds: string[]): Promise<void> {
    this.search.add(
      orgId,
      conversationIds.map((conversationId) => ({ op: "drop_conversation" as const, conversationId })),
    );
    await this.search.idle();
  }

  /**
   * Milliseconds from a room's commit to D1's, per projection sent from a room's outbox since the last
   * call (in memory: a benchmark's measure, not a record). Read through the dev route.
   */
  async takeProjectionLags(): Promise<number[]> {
    const lags = this.lags;
    this.lags = [];
    return lags;
  }

  /** Resolves once the search index has every message projected so far (tests and the bench wait on it). */
  async searchSettled(): Promise<void> {
    await this.search.idle();
  }

  async publish(conversations: ConversationSummary[]): Promise<void> {
    this.queueRows(conversations);
    this.coalesce("rows", FLUSH_MS, () => this.flush());
  }

  /** Contact edits go out at once; each carries its version, so clients apply them in commit order whatever the arrival order. */
  async publishContacts(frames: ContactFrame[]): Promise<void> {
    for (const frame of frames) this.broadcast(frame satisfies InboxFrame);
  }

  async publishContactsRemoved(ids: string[], into?: string): Promise<void> {
    this.broadcast({ t: "contacts_removed", ids, ...(into && { into }) } satisfies InboxFrame);
  }

  async publishContactsChanged(count: number): Promise<void> {
    this.broadcast({ t: "contacts_changed", count } satisfies InboxFrame);
  }

  async publishImport(progress: ContactImportView): Promise<void> {
    this.broadcast({ t: "contact_import", progress } satisfies InboxFrame);
  }

  /** Campaign progress and recipient ticks go to every agent of the org; the campaign screens filter by id. */
  async publishCampaign(progress: CampaignProgress): Promise<void> {
    this.broadcast({ t: "campaign", progress } satisfies InboxFrame);
  }

  async publishCampaignRecipients(campaignId: string, updates: RecipientUpdate[]): Promise<void> {
    if (updates.length) this.broadcast({ t: "campaign.recipients", campaignId, updates } satisfies InboxFrame);
  }

  /** Exports, backups and restores: the Backups page is for owners and admins, so are its frames. */
  async publishDataJob(progress: DataJobProgress): Promise<void> {
    this.broadcast({ t: "data_job", progress } satisfies InboxFrame, { roles: ["owner", "admin"] });
  }

  async publishOrders(orders: OrderSummary[]): Promise<void> {
    for (const order of orders) this.broadcast({ t: "order", order } satisfies InboxFrame);
  }

  async publishBilling(plan: string, status: string): Promise<void> {
    this.broadcast({ t: "billing", plan, status } satisfies InboxFrame);
  }

  async publishIntegrations(what: "keys" | "endpoints" | "deliveries", endpointId?: string): Promise<void> {
    this.broadcast({ t: "integrations", what, ...(endpointId && { endpointId }) } satisfies InboxFrame);
  }

  async publishRead(userId: string, cursor: ReadCursor): Promise<void> {
    this.broadcast({ t: "read", cursor } satisfies InboxFrame, { userId });
  }

  /** Who has the inbox open right now (auto-replies "when no agent is online" ask this). */
  async onlineUserIds(): Promise<string[]> {
    return [...new Set(this.connectedUsers().map((u) => u.userId))];
  }

  /** The Worker reports each room socket it opens, so access changes can close every socket a user has. */
  async noteViewing(userId: string, conversationId: string): Promise<void> {
    // Stored, not kept in memory: the object hibernates between events.
    const key = `viewing:${userId}`;
    const seen = new Set((await this.ctx.storage.get<string[]>(key)) ?? []);
    if (seen.has(conversationId)) return;
    seen.add(conversationId);
    await this.ctx.storage.put(key, [...seen].slice(-500));
  }

  /** Closes a user's inbox sockets and returns the conversations whose room sockets must close too. */
  async revokeUser(userId: string): Promise<string[]> {
    await this.closeUser(userId, "access changed");
    const rooms = (await this.ctx.storage.get<string[]>(`viewing:${userId}`)) ?? [];
    await this.ctx.storage.delete(`viewing:${userId}`);
    return rooms;
  }

  /** The organization is being purged: close every socket and delete what this object stored. */
  async purge(): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) ws.close(4410, "organization deleted");
    await this.ctx.storage.deleteAll();
  }

  protected override onConnect(ws: WebSocket): void {
    this.send(ws, { t: "ready" } satisfies InboxFrame);
    this.broadcastPresence();
  }

  protected override onClose(): void {
    this.broadcastPresence();
  }

  private queueRows(conversations: ConversationSummary[]): void {
    for (const c of conversations) {
      const queued = this.pending.get(c.id);
      if (!queued || queued.roomSeq <= c.roomSeq) this.pending.set(c.id, c);
    }
  }

  private flush(): void {
    if (!this.pending.size) return;
    const conversations = [...this.pending.values()];
    this.pending.clear();
    this.broadcast({ t: "conversations", conversations } satisfies InboxFrame);
  }

  /** Coalesced, like viewers in a room: a burst of tabs opening sends one list. */
  private broadcastPresence(): void {
    this.coalesce("presence", 20, () =>
      this.broadcast({ t: "presence", online: this.connectedUsers().map((u) => u.userId) } satisfies InboxFrame),
    );
  }
}
