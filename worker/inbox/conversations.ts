/** Conversation queries and actions, always scoped to the caller's organization. */
import { and, desc, eq, isNull, like, lt, lte, or, sql } from "drizzle-orm";
import { toAdReferral } from "../../durable/ad-referral";
import type { AdAttribution, ConversationSummary, JsonValue, ReadCursor } from "../../durable/protocol";
import { roomStub } from "../../durable/room-stub";
import type { AuthContext } from "../app-env";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { Db } from "../../db/client";
import { prepared } from "../../db/prepared";
import { contacts, conversations, listOrderAt, readCursors, type Conversation } from "../../db/schema";
import { AppError } from "../errors";
import type { ListConversationsQuery } from "../schemas/inbox";
import { summariesFor, toSummary } from "../../durable/projection/conversation-summary";

const conversationById = (db: DrizzleD1Database) =>
  db
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, sql.placeholder("id")), eq(conversations.orgId, sql.placeholder("orgId"))))
    .prepare();

/** The caller's conversation, or 404: every conversation route starts here. */
export async function findConversation(d1: D1Database, orgId: string, id: string): Promise<Conversation> {
  const row = await prepared(d1, conversationById).get({ id, orgId });
  if (!row) throw new AppError(404, "conversation_not_found", "No such conversation in your organization.");
  return row;
}

export const room = (env: Env, c: Pick<Conversation, "orgId" | "id">) => roomStub(env.CONVERSATION_ROOM, c.orgId, c.id);

const encodeCursor = (at: number, id: string) => btoa(`${at}:${id}`);
function decodeCursor(cursor: string): { at: number; id: string } {
  try {
    const [at, id] = atob(cursor).split(":");
    if (!id || !Number.isFinite(Number(at))) throw new Error();
    return { at: Number(at), id };
  } catch {
    throw new AppError(400, "invalid_cursor", "That page cursor is not valid; start from the first page.");
  }
}

/** A page of the list as a query, newest first; its order is the `conversations_org_list` index's. */
export function listQuery(db: Db, auth: AuthContext, q: ListConversationsQuery, now = Date.now()) {
  const orgId = auth.org.id;
  // A snooze that has run out puts the conversation back among the open ones.
  const stateFilter =
    q.state === "open"
      ? or(eq(conversations.state, "open"), and(eq(conversations.state, "snoozed"), lte(conversations.snoozedUntil, now)))
      : q.state === "snoozed"
        ? and(eq(conversations.state, "snoozed"), sql`coalesce(${conversations.snoozedUntil}, 0) > ${now}`)
        : eq(conversations.state, "closed");
  const search = q.q ? `%${q.q.replace(/[%_\\]/g, (ch) => `\\${ch}`)}%` : null;
  // Phone search ignores formatting ("+351 91…"); only when the query has digits at all.
  const digits = q.q?.replace(/\D/g, "") ?? "";
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const lastAt = listOrderAt(conversations.lastMessageAt);
  return db
    .select({ c: conversations, contact: contacts, cursor: readCursors })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(readCursors, and(eq(readCursors.conversationId, conversations.id), eq(readCursors.userId, auth.user.id)))
    .where(
      and(
        eq(conversations.orgId, orgId),
        stateFilter,
        q.view === "mine"
          ? eq(conversations.assigneeId, auth.user.id)
          : q.view === "unassigned"
            ? isNull(conversations.assigneeId)
            : undefined,
        q.label ? sql`exists (select 1 from json_each(${conversations.labels}) where value = ${q.label})` : undefined,
        search
          ? or(
              sql`${contacts.profileName} like ${search} escape '\\'`,
              sql`${contacts.displayName} like ${search} escape '\\'`,
              digits.length >= 3 ? like(contacts.waId, `%${digits}%`) : undefined,
            )
          : undefined,
        after ? or(lt(lastAt, after.at), and(eq(lastAt, after.at), lt(conversations.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(lastAt), desc(conversations.id))
    .limit(q.limit + 1);
}

export async function listConversations(db: Db, auth: AuthContext, q: ListConversationsQuery, now = Date.now()) {
  const rows = await listQuery(db, auth, q, now).all();
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    conversations: page.map((r) => toSummary(r.c, r.contact)),
    cursors: page.flatMap((r): ReadCursor[] =>
      r.cursor ? [{ conversationId: r.c.id, readSeq: r.cursor.readSeq, inboundCountAtRead: r.cursor.inboundCountAtRead }] : [],
    ),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.c.lastMessageAt ?? 0, last.c.id) : null,
  };
}

/** The ads the customer came from, or null. Rows written before referrals were typed hold Meta's own names. */
export function attributionOf(c: Pick<Conversation, "referral" | "firstReferral">): AdAttribution | null {
  const lastTouch = toAdReferral((c.referral ?? undefined) as JsonValue | undefined, 0);
  if (!lastTouch) return null;
  return { firstTouch: toAdReferral((c.firstReferral ?? undefined) as JsonValue | undefined, 0) ?? lastTouch, lastTouch };
}

export async function summaryOf(db: Db, orgId: string, id: string): Promise<ConversationSummary> {
  const [summary] = await summariesFor(db, orgId, [id]);
  if (!summary) throw new AppError(404, "conversation_not_found", "No such conversation in your organization.");
  return summary;
}

/**
 * Moves an agent's read cursor (forward to read, back to mark unread). Unread = inbound messages after
 * the cursor, counted exactly from the room's inbound count at that point.
 */
export async function setReadCursor(
  db: Db,
  auth: AuthContext,
  conv: Conversation,
  readSeq: number,
  inboundCountAtRead: number,
): Promise<ReadCursor> {
  const now = Date.now();
  await db
    .insert(readCursors)
    .values({ userId: auth.user.id, conversationId: conv.id, orgId: auth.org.id, readSeq, inboundCountAtRead, updatedAt: now })
    .onConflictDoUpdate({ target: [readCursors.userId, readCursors.conversationId], set: { readSeq, inboundCountAtRead, updatedAt: now } });
  return { conversationId: conv.id, readSeq, inboundCountAtRead };
}
