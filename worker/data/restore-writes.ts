/** Writing one restored part: a table's rows into D1, or messages into their conversations' new rooms. */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts, conversations } from "../../db/schema";
import type { ExportedMessageRow } from "../../durable/room-api";
import { roomStub } from "../../durable/room-stub";
import type { ExportTable } from "./export-tables";
import type { IdMap } from "./restore-ids";
import { readEntryLines, type RandomAccess, type ZipEntry } from "./zip-reader";

/** D1 binds at most 100 values per statement; a batch carries this many statements. */
const D1_PARAMS = 100;
const BATCH = 50;
const ROOM_ROWS = 2000;

/** Rows as the archive has them, remapped and scoped to the new org; rows already there are skipped. */
export async function writeRows(db: Db, orgId: string, spec: ExportTable, ids: IdMap, rows: Record<string, unknown>[]): Promise<number> {
  const keys = Object.keys(spec.columns);
  const perStatement = Math.max(1, Math.floor(D1_PARAMS / keys.length));
  const clean = rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const k of keys) if (k in r) out[k] = ids.value(r[k], k);
    if ("orgId" in spec.columns) out.orgId = orgId;
    return out;
  });
  const statements = [];
  for (let i = 0; i < clean.length; i += perStatement) {
    statements.push(
      db
        .insert(spec.table)
        .values(clean.slice(i, i + perStatement) as never)
        .onConflictDoNothing(),
    );
  }
  for (let i = 0; i < statements.length; i += BATCH) {
    const group = statements.slice(i, i + BATCH);
    await db.batch(group as [(typeof group)[0], ...typeof group]);
  }
  // The conversation insert trigger counted each conversation again onto the contact the archive already counted it on.
  if (spec.table === conversations && clean.length) {
    const contactIds = [...new Set(clean.map((c) => c.contactId as string))];
    for (let i = 0; i < contactIds.length; i += 90) {
      await db
        .update(contacts)
        .set({ conversationCount: sql`(select count(*) from ${conversations} c where c.contact_id = ${contacts.id})` })
        .where(and(eq(contacts.orgId, orgId), inArray(contacts.id, contactIds.slice(i, i + 90))));
    }
  }
  return rows.length;
}

interface ArchivedMessage {
  conversationId: string;
  id: string;
  seq: number;
  wamid: string | null;
  direction: string;
  phoneNumberId: string;
  content: unknown;
  context: unknown;
  waTimestamp: number;
  receivedAt: number;
  status: string | null;
  statusAt: number | null;
  error: unknown;
  media: unknown;
  author: unknown;
  reactions: Record<string, string> | null;
}

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/** A messages part: consecutive lines of one conversation go to its room together (the export writes them so). */
export async function writeMessages(env: Env, db: Db, orgId: string, ids: IdMap, file: RandomAccess, entry: ZipEntry): Promise<number> {
  let total = 0;
  let group: { conversationId: string; rows: ExportedMessageRow[] } | null = null;
  const flush = async () => {
    if (!group?.rows.length) return;
    const conv = await db
      .select({ unreadCount: conversations.unreadCount })
      .from(conversations)
      .where(and(eq(conversations.id, group.conversationId), eq(conversations.orgId, orgId)))
      .get();
    await roomStub(env.CONVERSATION_ROOM, orgId, group.conversationId).importMessages({
      orgId,
      conversationId: group.conversationId,
      rows: group.rows,
      unreadCount: conv?.unreadCount ?? 0,
    });
    group.rows = [];
  };
  await readEntryLines(file, entry, async (lines) => {
    for (const line of lines) {
      if (!line) continue;
      const m = JSON.parse(line) as ArchivedMessage;
      const conversationId = ids.string(m.conversationId);
      if (group?.conversationId !== conversationId || group.rows.length >= ROOM_ROWS) {
        await flush();
        group = { conversationId, rows: [] };
      }
      group.rows.push({
        id: ids.string(m.id),
        seq: m.seq,
        wamid: m.wamid,
        direction: m.direction,
        phone_number_id: m.phoneNumberId,
        // The customer's and the team's words are restored as written.
        content: JSON.stringify(m.content),
        context: json(ids.value(m.context)),
        wa_ts: m.waTimestamp,
        received_at: m.receivedAt,
        status: m.status,
        status_at: m.statusAt,
        error: json(m.error),
        media: json(ids.value(m.media)),
        author: json(ids.value(m.author)),
        reactions: JSON.stringify(ids.value(m.reactions ?? {})),
      } as ExportedMessageRow);
      total++;
    }
  });
  await flush();
  return total;
}
