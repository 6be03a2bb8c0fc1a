/**
 * The D1 statements behind first-response and resolution times, written in the same batch as the
 * conversation row (after it, so a first message finds its row). Each is guarded by the clock it moves:
 * a customer's first unanswered message starts the wait, the team's next send ends it and counts one
 * first response, a close ends the conversation and counts one resolution. A replayed webhook is not
 * counted by the room (so none of these run); a second send or close finds the clock already moved.
 *
 * Every fact is counted once with label '' and once under each label the conversation has now, by
 * reading the labels with json_each over the array plus ''.
 */
import type { BatchStatement } from "../../db/prepared";
import { durationBucketSql } from "./duration-buckets";

const DAY_MS = 86_400_000;
export const utcDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** The conversation's row with one line per label it has, and one more for ''. */
const PER_LABEL = `conversations cv, json_each(json_insert(cv.labels, '$[#]', '')) l`;

const statement = (d1: D1Database, sql: string, ...values: unknown[]): BatchStatement => ({
  statement: d1.prepare(sql).bind(...values),
  rows: () => [],
});

const bumpConversations = (column: "opened" | "resolved" | "first_responses" | "messages_sent") =>
  `on conflict (org_id, label, day, phone_number_id, agent_id) do update set ${column} = ${column} + 1`;

/** A customer's message the room stored for the first time, written at `at`. */
export function customerWrote(d1: D1Database, orgId: string, conversationId: string, at: number): BatchStatement[] {
  return [
    // A conversation opens when its clock is not running (new, or closed since).
    statement(
      d1,
      `insert into conversation_daily_rollups (org_id, day, phone_number_id, agent_id, label, opened)
       select cv.org_id, ?3, cv.phone_number_id, coalesce(cv.assignee_id, ''), l.value, 1 from ${PER_LABEL}
       where cv.org_id = ?1 and cv.id = ?2
         and not exists (select 1 from conversation_clocks where conversation_id = ?2 and opened_at is not null)
       ${bumpConversations("opened")}`,
      orgId,
      conversationId,
      utcDay(at),
    ),
    statement(
      d1,
      `insert into conversation_clocks (conversation_id, org_id, opened_at, awaiting_since) values (?1, ?2, ?3, ?3)
       on conflict (conversation_id) do update set opened_at = coalesce(opened_at, excluded.opened_at),
         awaiting_since = coalesce(awaiting_since, excluded.awaiting_since)`,
      conversationId,
      orgId,
      at,
    ),
  ];
}

/** An agent's message stored for the first time (not a resend), at `at`. */
export function agentReplied(d1: D1Database, orgId: string, conversationId: string, agentId: string, at: number): BatchStatement[] {
  const waited = `(?4 - ck.awaiting_since)`;
  return [
    statement(
      d1,
      `insert into conversation_daily_rollups (org_id, day, phone_number_id, agent_id, label, messages_sent)
       select cv.org_id, ?3, cv.phone_number_id, ?5, l.value, 1 from ${PER_LABEL}
       where cv.org_id = ?1 and cv.id = ?2
       ${bumpConversations("messages_sent")}`,
      orgId,
      conversationId,
      utcDay(at),
      at,
      agentId,
    ),
    statement(
      d1,
      `insert into conversation_daily_rollups (org_id, day, phone_number_id, agent_id, label, first_responses)
       select cv.org_id, ?3, cv.phone_number_id, ?5, l.value, 1 from ${PER_LABEL}
       join conversation_clocks ck on ck.conversation_id = cv.id
       where cv.org_id = ?1 and cv.id = ?2 and ck.awaiting_since is not null
       ${bumpConversations("first_responses")}`,
      orgId,
      conversationId,
      utcDay(at),
      at,
      agentId,
    ),
    statement(
      d1,
      `insert into response_time_rollups (org_id, label, kind, day, phone_number_id, agent_id, bucket, count)
       select cv.org_id, l.value, 'first_response', ?3, cv.phone_number_id, ?5, ${durationBucketSql(`max(0, ${waited})`)}, 1
       from ${PER_LABEL} join conversation_clocks ck on ck.conversation_id = cv.id
       where cv.org_id = ?1 and cv.id = ?2 and ck.awaiting_since is not null
       on conflict (org_id, label, day, kind, phone_number_id, agent_id, bucket) do update set count = count + 1`,
      orgId,
      conversationId,
      utcDay(at),
      at,
      agentId,
    ),
    statement(d1, `update conversation_clocks set awaiting_since = null where conversation_id = ?1 and org_id = ?2`, conversationId, orgId),
  ];
}

/**
 * The conversation was closed at `at` by `closerId`: one resolution, credited to the assignee (the closer
 * when no one is assigned), timed from the customer's first message since the last close.
 */
export function conversationResolved(
  d1: D1Database,
  orgId: string,
  conversationId: string,
  closerId: string,
  at: number,
): BatchStatement[] {
  const took = `(?4 - ck.opened_at)`;
  const agent = `coalesce(cv.assignee_id, ?5)`;
  return [
    statement(
      d1,
      `insert into conversation_daily_rollups (org_id, day, phone_number_id, agent_id, label, resolved)
       select cv.org_id, ?3, cv.phone_number_id, ${agent}, l.value, 1 from ${PER_LABEL}
       join conversation_clocks ck on ck.conversation_id = cv.id
       where cv.org_id = ?1 and cv.id = ?2 and ck.opened_at is not null
       ${bumpConversations("resolved")}`,
      orgId,
      conversationId,
      utcDay(at),
      at,
      closerId,
    ),
    statement(
      d1,
      `insert into response_time_rollups (org_id, label, kind, day, phone_number_id, agent_id, bucket, count)
       select cv.org_id, l.value, 'resolution', ?3, cv.phone_number_id, ${agent}, ${durationBucketSql(`max(0, ${took})`)}, 1
       from ${PER_LABEL} join conversation_clocks ck on ck.conversation_id = cv.id
       where cv.org_id = ?1 and cv.id = ?2 and ck.opened_at is not null
       on conflict (org_id, label, day, kind, phone_number_id, agent_id, bucket) do update set count = count + 1`,
      orgId,
      conversationId,
      utcDay(at),
      at,
      closerId,
    ),
    statement(
      d1,
      `update conversation_clocks set opened_at = null, awaiting_since = null where conversation_id = ?1 and org_id = ?2`,
      conversationId,
      orgId,
    ),
  ];
}
