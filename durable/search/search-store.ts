/**
 * The SearchIndex's storage: upserts keyed by message id (a replayed webhook or a rebuild writes a
 * message once), drops by conversation (erasure), and the query. Synchronous, like the room's store.
 */
import type { Direction, MessageStatus, MessageContent } from "../protocol";
import { HIT_CLOSE, HIT_OPEN } from "./fts-query";
import type { SearchDoc } from "./search-doc";
import type { IndexHit } from "./search-results";
import { KEY_SHIFT, SEARCH_SCHEMA } from "./search-schema";

/** Words of context either side of the first hit in a snippet. */
const SNIPPET_TOKENS = 18;
const MAX_LIMIT = 50;

export interface IndexQuery {
  /** An FTS5 expression (fts-query.ts), or null to list by the filters alone. */
  match: string | null;
  /** Only these conversations (a contact, label or assignee filter, resolved by the caller); null: all. */
  conversationIds: string[] | null;
  phoneNumberId?: string;
  direction?: Direction;
  hasMedia?: boolean;
  /** WhatsApp time bounds, ms, inclusive. */
  from?: number;
  to?: number;
  /** The `next` of a previous page. */
  before?: number;
  limit: number;
}

type DocRow = {
  k: number;
  message_id: string;
  conversation_id: string;
  seq: number;
  direction: string;
  phone_number_id: string | null;
  at: number;
  has_media: number;
  type: string;
  status: string | null;
  snippet: string;
};

export class SearchStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SEARCH_SCHEMA);
  }

  /** Adds or updates each message; returns how many were new. `gen` marks them seen by the current rebuild. */
  upsert(docs: SearchDoc[], gen: number, now: number): number {
    let added = 0;
    for (const d of docs) {
      const existing = this.sql
        .exec<{ k: number; text: string }>("SELECT k, text FROM docs WHERE message_id = ?", d.messageId)
        .toArray()[0];
      if (existing) {
        // A status moved (failed) or a rebuild saw it again: the text, and so the FTS rows, are rewritten only if it differs.
        if (existing.text !== d.text) this.sql.exec("UPDATE docs SET text = ? WHERE k = ?", d.text, existing.k);
        this.sql.exec("UPDATE docs SET status = ?, gen = ? WHERE k = ?", d.status, gen, existing.k);
        continue;
      }
      this.sql.exec(
        `INSERT INTO docs (k, message_id, conversation_id, seq, direction, phone_number_id, at, has_media, type, status, text, gen, indexed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        this.freeKey(d),
        d.messageId,
        d.conversationId,
        d.seq,
        d.direction,
        d.phoneNumberId,
        d.at,
        d.hasMedia ? 1 : 0,
        d.type,
        d.status,
        d.text,
        gen,
        now,
      );
      added++;
    }
    return added;
  }

  dropConversations(ids: string[]): number {
    if (!ids.length) return 0;
    return this.sql.exec("DELETE FROM docs WHERE conversation_id IN (SELECT value FROM json_each(?))", JSON.stringify(ids)).rowsWritten;
  }

  /** After a rebuild: what no room holds any more (erased while it ran, or lost to a bug) goes. */
  dropOlderThan(gen: number): number {
    return this.sql.exec("DELETE FROM docs WHERE gen < ?", gen).rowsWritten;
  }

  count(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM docs").one().n;
  }

  query(q: IndexQuery): { hits: IndexHit[]; next: number | null } {
    const limit = Math.min(Math.max(q.limit, 1), MAX_LIMIT);
    const where: string[] = [];
    const args: SqlStorageValue[] = [];
    const key = q.match ? "docs_fts.rowid" : "d.k";
    if (q.match) {
      where.push("docs_fts MATCH ?");
      args.push(q.match);
    }
    if (q.before !== undefined) {
      where.push(`${key} < ?`);
      args.push(q.before);
    }
    if (q.from !== undefined) {
      where.push(`${key} >= ?`);
      args.push(Math.floor(q.from / 1000) * KEY_SHIFT);
    }
    if (q.to !== undefined) {
      where.push(`${key} < ?`);
      args.push((Math.floor(q.to / 1000) + 1) * KEY_SHIFT);
    }
    if (q.conversationIds) {
      where.push("d.conversation_id IN (SELECT value FROM json_each(?))");
      args.push(JSON.stringify(q.conversationIds));
    }
    if (q.phoneNumberId) {
      where.push("d.phone_number_id = ?");
      args.push(q.phoneNumberId);
    }
    if (q.direction) {
      where.push("d.direction = ?");
      args.push(q.direction);
    }
    if (q.hasMedia !== undefined) {
      where.push("d.has_media = ?");
      args.push(q.hasMedia ? 1 : 0);
    }
    const columns = "d.k, d.message_id, d.conversation_id, d.seq, d.direction, d.phone_number_id, d.at, d.has_media, d.type, d.status";
    const sqlText = q.match
      ? `SELECT ${columns}, snippet(docs_fts, 0, '${HIT_OPEN}', '${HIT_CLOSE}', '…', ${SNIPPET_TOKENS}) AS snippet
         FROM docs_fts JOIN docs d ON d.k = docs_fts.rowid
         WHERE ${where.join(" AND ")} ORDER BY docs_fts.rowid DESC LIMIT ?`
      : `SELECT ${columns}, substr(d.text, 1, 200) AS snippet FROM docs d
         ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY d.k DESC LIMIT ?`;
    const rows = this.sql.exec<DocRow>(sqlText, ...args, limit + 1).toArray();
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    return { hits: page.map(toHit), next: more ? page[page.length - 1]!.k : null };
  }

  getMeta<T>(key: string): T | null {
    const row = this.sql.exec<{ json: string }>("SELECT json FROM meta WHERE key = ?", key).toArray()[0];
    return row ? (JSON.parse(row.json) as T) : null;
  }

  setMeta(key: string, value: unknown): void {
    this.sql.exec(
      "INSERT INTO meta (key, json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET json = excluded.json",
      key,
      JSON.stringify(value),
    );
  }

  /** The message's time in the key's high bits, a hash of its id below; on the rare clash, the next free key. */
  private freeKey(d: SearchDoc): number {
    let k = Math.max(0, Math.floor(d.at / 1000)) * KEY_SHIFT + (hash(d.messageId) % KEY_SHIFT);
    while (this.sql.exec("SELECT 1 FROM docs WHERE k = ?", k).toArray().length) k++;
    return k;
  }
}

function toHit(r: DocRow): IndexHit {
  return {
    messageId: r.message_id,
    conversationId: r.conversation_id,
    seq: r.seq,
    direction: r.direction as Direction,
    phoneNumberId: r.phone_number_id,
    at: r.at,
    hasMedia: r.has_media === 1,
    type: r.type as MessageContent["type"],
    status: r.status as MessageStatus | null,
    snippet: r.snippet ?? "",
  };
}

/** FNV-1a: spreads ids over the key's low bits; not a security boundary. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
