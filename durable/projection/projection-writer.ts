/**
 * Group commit for an organization's D1 projections, run inside its OrgInbox. Webhooks arrive in
 * parallel and each used to pay a D1 round trip of its own. Here the first caller's items go out at
 * once and whatever arrives while that batch is in flight goes out together in the next: no added wait
 * when quiet, one round trip per burst when busy. Callers resolve only once their items are committed,
 * and rooms delete a projection from their outbox only then (durable/room-outbox.ts).
 */
import type { ConversationSummary } from "../protocol";
import type { BatchStatement } from "../../db/prepared";
import type { Contact, Conversation } from "../../db/schema";
import { toSummary } from "./conversation-summary";
import { itemStatements, type ProjectionItem } from "./projection";

/** One failed statement fails its whole batch; this bounds how many callers share that fate before the retry. */
const MAX_ITEMS_PER_BATCH = 250;

interface Waiting {
  orgId: string;
  items: ProjectionItem[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class ProjectionWriter {
  private queue: Waiting[] = [];
  private draining = false;

  constructor(
    private readonly d1: D1Database,
    /** Inbox rows the committed statements returned, newest per conversation. */
    private readonly onRows: (rows: ConversationSummary[]) => void,
    private readonly now: () => number = Date.now,
    /** Per committed item that came from a room's outbox: ms from the room's commit to D1's. */
    private readonly onLag?: (ms: number[]) => void,
  ) {}

  /** Resolves once the items are in D1. */
  write(orgId: string, items: ProjectionItem[]): Promise<void> {
    if (!items.length) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ orgId, items, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length) {
        const group = this.takeGroup();
        try {
          await this.commit(group);
          for (const w of group) w.resolve();
        } catch (err) {
          // A bad webhook must not fail the others that shared its batch: each is retried alone.
          if (group.length === 1) group[0]!.reject(err);
          else for (const w of group) await this.commit([w]).then(() => w.resolve(), w.reject);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private takeGroup(): Waiting[] {
    let items = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || items + this.queue[n]!.items.length <= MAX_ITEMS_PER_BATCH))
      items += this.queue[n++]!.items.length;
    return this.queue.splice(0, n);
  }

  private async commit(group: Waiting[]): Promise<void> {
    const now = this.now();
    const statements: BatchStatement[] = [];
    const rowsAt: { contact: number; conversation: number }[] = [];
    for (const w of group) {
      for (const item of w.items) {
        const built = itemStatements(this.d1, w.orgId, item, now);
        if (built.row)
          rowsAt.push({ contact: statements.length + built.row.contact, conversation: statements.length + built.row.conversation });
        statements.push(...built.statements);
      }
    }
    if (!statements.length) return;
    const results = await this.d1.batch(statements.map((s) => s.statement));
    if (this.onLag) {
      const committed = Date.now();
      const lags = group.flatMap((w) =>
        w.items.flatMap((i) => (i.kind === "conversation" && i.committedAt ? [committed - i.committedAt] : [])),
      );
      if (lags.length) this.onLag(lags);
    }
    const rowsOf = (i: number) => statements[i]!.rows(results[i]!);

    const rows = new Map<string, ConversationSummary>();
    for (const at of rowsAt) {
      const [contact] = rowsOf(at.contact) as Contact[];
      // No row: the batch already held a newer state of this conversation (rows never move back).
      const [conversation] = rowsOf(at.conversation) as Conversation[];
      if (!contact || !conversation) continue;
      const seen = rows.get(conversation.id);
      if (!seen || seen.roomSeq <= conversation.roomSeq) rows.set(conversation.id, toSummary(conversation, contact));
    }
    if (rows.size) this.onRows([...rows.values()]);
  }
}
