/**
 * Organization-wide message search: filters that live in D1 (contact, label, assignee) become a set of
 * the org's conversations; the org's SearchIndex does the words, the rest of the filters and the order
 * (newest first); the hits come back with their conversation's list row for the result list.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { conversations } from "../../db/schema";
import { summariesFor } from "../../durable/projection/conversation-summary";
import { ftsQuery, queryTerms, snippetParts } from "../../durable/search/fts-query";
import type { SearchResult } from "../../durable/search/search-results";
import type { IndexQuery } from "../../durable/search/search-store";
import { AppError } from "../errors";
import type { SearchQuery } from "../schemas/search";

const DAY_MS = 24 * 3600_000;

export interface SearchDeps {
  db: Db;
  index: DurableObjectStub<import("../../durable/search-index").SearchIndex>;
}

export async function searchMessages(
  deps: SearchDeps,
  who: { orgId: string; userId: string },
  q: SearchQuery,
): Promise<{ results: SearchResult[]; next: string | null }> {
  const terms = queryTerms(q.q);
  if (q.q && !terms.length)
    throw new AppError(400, "query_no_words", "Search for at least one word: letters or digits (emoji and punctuation are not indexed).");
  const hasFilter = [q.contactId, q.phoneNumberId, q.label, q.assignee, q.direction, q.hasMedia, q.from, q.to].some((v) => v !== undefined);
  if (!terms.length && !hasFilter) throw new AppError(400, "query_required", "Type something to search for, or choose a filter.");
  const from = q.from ? dayStart(q.from, "from") : undefined;
  const to = q.to ? dayStart(q.to, "to") + DAY_MS - 1 : undefined;
  if (from !== undefined && to !== undefined && from > to) throw new AppError(400, "invalid_range", "The first day is after the last day.");

  const conversationIds = await conversationsMatching(deps.db, who, q);
  if (conversationIds && !conversationIds.length) return { results: [], next: null };
  const query: IndexQuery = {
    match: terms.length ? ftsQuery(terms) : null,
    conversationIds,
    ...(q.phoneNumberId && { phoneNumberId: q.phoneNumberId }),
    ...(q.direction && { direction: q.direction }),
    ...(q.hasMedia && { hasMedia: q.hasMedia === "true" }),
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
    ...(q.cursor && { before: Number(q.cursor) }),
    limit: q.limit,
  };
  const { hits, next } = await deps.index.search(who.orgId, query);
  const rows = new Map((await summariesFor(deps.db, who.orgId, [...new Set(hits.map((h) => h.conversationId))])).map((r) => [r.id, r]));
  const results: SearchResult[] = [];
  for (const hit of hits) {
    // A conversation erased a moment ago may still be in the index for an instant: never shown.
    const conversation = rows.get(hit.conversationId);
    if (conversation) results.push({ ...hit, snippet: snippetParts(hit.snippet), conversation });
  }
  return { results, next: next === null ? null : String(next) };
}

/** The conversations a contact, label or assignee filter allows; null when none of those is given. */
async function conversationsMatching(db: Db, who: { orgId: string; userId: string }, q: SearchQuery): Promise<string[] | null> {
  if (!q.contactId && !q.label && !q.assignee) return null;
  const assignee = q.assignee === "me" ? who.userId : q.assignee;
  const rows = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(
        eq(conversations.orgId, who.orgId),
        q.contactId ? eq(conversations.contactId, q.contactId) : undefined,
        q.label ? sql`exists (select 1 from json_each(${conversations.labels}) where value = ${q.label})` : undefined,
        assignee === "none" ? isNull(conversations.assigneeId) : assignee ? eq(conversations.assigneeId, assignee) : undefined,
      ),
    )
    .all();
  return rows.map((r) => r.id);
}

function dayStart(day: string, field: string): number {
  const at = Date.parse(`${day}T00:00:00Z`);
  // Date.parse rolls 2026-02-31 over into March; a day that does not round-trip does not exist.
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== day)
    throw new AppError(400, "invalid_query", `${field}: no such day, ${day}.`);
  return at;
}
