/**
 * SearchIndex: one Durable Object per organization (named by its id), holding an FTS5 index of every
 * message in the org's rooms. Fed by the OrgInbox after each projection (search-feed.ts), kept by
 * message id so replays write nothing twice, and rebuildable from the rooms in alarm-driven steps.
 */
import { DurableObject } from "cloudflare:workers";
import { and, asc, count, eq, gt } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { conversations } from "../db/schema";
import { roomStub } from "./room-stub";
import { searchDocOfRow, type SearchChange } from "./search/search-doc";
import type { IndexHit, IndexStats, RebuildProgress } from "./search/search-results";
import { type IndexQuery, SearchStore } from "./search/search-store";

/** Conversations one rebuild alarm reads before handing on to the next alarm (time and memory per step). */
const REBUILD_CONVERSATIONS_PER_STEP = 25;
const EXPORT_PAGE = 2000;

const IDLE: RebuildProgress = {
  state: "idle",
  gen: 0,
  conversationsTotal: 0,
  conversationsDone: 0,
  messagesIndexed: 0,
  cursor: null,
  startedAt: null,
  finishedAt: null,
};

export class SearchIndex extends DurableObject<Env> {
  private store: SearchStore;
  private orgId: string | null | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new SearchStore(ctx.storage.sql);
  }

  /** Applies changes in order, in one transaction. Idempotent: a replay rewrites the same rows. */
  async apply(orgId: string, changes: SearchChange[]): Promise<number> {
    this.bind(orgId);
    const gen = this.progress().gen;
    return this.ctx.storage.transactionSync(() => {
      let added = 0;
      const docs = [];
      for (const c of changes) {
        if (c.op === "upsert") docs.push(c.doc);
        else {
          added += this.store.upsert(docs.splice(0), gen, Date.now());
          this.store.dropConversations([c.conversationId]);
        }
      }
      return added + this.store.upsert(docs, gen, Date.now());
    });
  }

  async search(orgId: string, query: IndexQuery): Promise<{ hits: IndexHit[]; next: number | null }> {
    this.bind(orgId);
    return this.store.query(query);
  }

  async stats(): Promise<IndexStats> {
    return { messages: this.store.count(), bytes: this.ctx.storage.sql.databaseSize, rebuild: this.progress() };
  }

  /** Starts a rebuild from the rooms, or returns the one running. */
  async startRebuild(orgId: string): Promise<RebuildProgress> {
    this.bind(orgId);
    const current = this.progress();
    if (current.state === "running") return current;
    const [{ n } = { n: 0 }] = await this.db().select({ n: count() }).from(conversations).where(eq(conversations.orgId, orgId)).all();
    const next: RebuildProgress = { ...IDLE, state: "running", gen: current.gen + 1, conversationsTotal: n, startedAt: Date.now() };
    this.store.setMeta("rebuild", next);
    await this.ctx.storage.setAlarm(Date.now());
    return next;
  }

  override async alarm(): Promise<void> {
    const p = this.progress();
    const orgId = this.store.getMeta<string>("org");
    if (p.state !== "running" || !orgId) return;
    try {
      const batch = await this.db()
        .select({ id: conversations.id })
        .from(conversations)
        .where(and(eq(conversations.orgId, orgId), p.cursor ? gt(conversations.id, p.cursor) : undefined))
        .orderBy(asc(conversations.id))
        .limit(REBUILD_CONVERSATIONS_PER_STEP)
        .all();
      let messages = 0;
      for (const conv of batch) {
        const room = roomStub(this.env.CONVERSATION_ROOM, orgId, conv.id);
        for (let after = 0; ; ) {
          const rows = await room.exportMessages(after, EXPORT_PAGE);
          if (!rows.length) break;
          const docs = rows.map((r) => searchDocOfRow(conv.id, r)).filter((d) => d !== null);
          // Written at the generation read at the start of this step: a rebuild restarted meanwhile is not ours to mark.
          this.ctx.storage.transactionSync(() => this.store.upsert(docs, p.gen, Date.now()));
          messages += docs.length;
          after = rows[rows.length - 1]!.seq;
          if (rows.length < EXPORT_PAGE) break;
        }
      }
      const done = batch.length < REBUILD_CONVERSATIONS_PER_STEP;
      const next: RebuildProgress = {
        ...p,
        conversationsDone: p.conversationsDone + batch.length,
        messagesIndexed: p.messagesIndexed + messages,
        cursor: batch.length ? batch[batch.length - 1]!.id : p.cursor,
      };
      if (done) {
        this.store.dropOlderThan(p.gen);
        this.store.setMeta("rebuild", { ...next, state: "done", finishedAt: Date.now() });
      } else {
        this.store.setMeta("rebuild", next);
        await this.ctx.storage.setAlarm(Date.now());
      }
    } catch (err) {
      // Retried by the next alarm from the same cursor (upserts are idempotent); shown meanwhile.
      this.store.setMeta("rebuild", { ...p, error: err instanceof Error ? err.message : String(err) });
      await this.ctx.storage.setAlarm(Date.now() + 5000);
    }
  }

  /** The organization is being purged. */
  async purge(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.store = new SearchStore(this.ctx.storage.sql);
    this.orgId = undefined;
  }

  private progress(): RebuildProgress {
    return this.store.getMeta<RebuildProgress>("rebuild") ?? IDLE;
  }

  /** The object's name is its org; a caller naming another is a bug upstream, never data to store. */
  private bind(orgId: string): void {
    this.orgId ??= this.store.getMeta<string>("org");
    if (this.orgId === null) this.store.setMeta("org", (this.orgId = orgId));
    else if (this.orgId !== orgId) throw new Error("search index belongs to another organization");
  }

  private db() {
    return drizzle(this.env.DB);
  }
}
