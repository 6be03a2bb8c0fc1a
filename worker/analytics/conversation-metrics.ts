/**
 * The dashboard's conversation side: conversations opened and resolved per day, first-response and
 * resolution times (median, p90), agent performance, new contacts and the lifecycle funnel. Read from
 * the rollups kept by durable/projection/conversation-clock.ts, plus two index-only counts (contacts by
 * creation day, by stage) and the open backlog (conversations_org_state_assignee).
 */
import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts, conversations, users } from "../../db/schema";
import { conversationDailyRollups, responseTimeRollups } from "../../db/tables/analytics";
import { lifecycleStages } from "../../db/tables/crm";
import { summarizeBuckets } from "../../durable/projection/duration-buckets";
import { DEFAULT_STAGES } from "../crm/stages";
import type { AgentFigures, ConversationFigures, FunnelStage } from "./dashboard-types";

const DAY_MS = 86_400_000;

export interface ConversationRange {
  from: number;
  to: number;
  phoneNumberId?: string;
  label?: string;
}

/** The reads behind the figures, for the dashboard's one D1 batch; conversationFigures() assembles their rows. */
export function conversationQueries(db: Db, orgId: string, range: ConversationRange) {
  const label = range.label ?? "";
  const daily = and(
    eq(conversationDailyRollups.orgId, orgId),
    eq(conversationDailyRollups.label, label),
    gte(conversationDailyRollups.day, range.from),
    lt(conversationDailyRollups.day, range.to),
    range.phoneNumberId ? eq(conversationDailyRollups.phoneNumberId, range.phoneNumberId) : undefined,
  );
  const times = and(
    eq(responseTimeRollups.orgId, orgId),
    eq(responseTimeRollups.label, label),
    gte(responseTimeRollups.day, range.from),
    lt(responseTimeRollups.day, range.to),
    range.phoneNumberId ? eq(responseTimeRollups.phoneNumberId, range.phoneNumberId) : undefined,
  );
  const r = conversationDailyRollups;
  return [
    db
      .select({
        day: r.day,
        agentId: r.agentId,
        opened: sql<number>`sum(${r.opened})`,
        resolved: sql<number>`sum(${r.resolved})`,
        firstResponses: sql<number>`sum(${r.firstResponses})`,
        messagesSent: sql<number>`sum(${r.messagesSent})`,
      })
      .from(r)
      .where(daily)
      .groupBy(r.day, r.agentId),
    db
      .select({
        kind: responseTimeRollups.kind,
        agentId: responseTimeRollups.agentId,
        bucket: responseTimeRollups.bucket,
        count: sql<number>`sum(${responseTimeRollups.count})`,
      })
      .from(responseTimeRollups)
      .where(times)
      .groupBy(responseTimeRollups.kind, responseTimeRollups.agentId, responseTimeRollups.bucket),
    db
      .select({ agentId: conversations.assigneeId, open: sql<number>`count(*)` })
      .from(conversations)
      .where(
        and(
          eq(conversations.orgId, orgId),
          eq(conversations.state, "open"),
          range.phoneNumberId ? eq(conversations.phoneNumberId, range.phoneNumberId) : undefined,
          range.label ? sql`exists (select 1 from json_each(${conversations.labels}) where value = ${range.label})` : undefined,
        ),
      )
      .groupBy(conversations.assigneeId),
    db.select({ id: users.id, name: users.name }).from(users).where(eq(users.orgId, orgId)),
    db
      .select({ day: sql<number>`(${contacts.createdAt} / ${DAY_MS}) * ${DAY_MS}`, count: sql<number>`count(*)` })
      .from(contacts)
      .where(and(eq(contacts.orgId, orgId), gte(contacts.createdAt, range.from), lt(contacts.createdAt, range.to)))
      .groupBy(sql`1`),
    db
      .select({ key: lifecycleStages.key, name: lifecycleStages.name, color: lifecycleStages.color })
      .from(lifecycleStages)
      .where(eq(lifecycleStages.orgId, orgId))
      .orderBy(lifecycleStages.position),
    db
      .select({ stage: contacts.stage, count: sql<number>`count(*)` })
      .from(contacts)
      .where(eq(contacts.orgId, orgId))
      .groupBy(contacts.stage),
  ] as const;
}

type Rows<T> = T extends { all(): Promise<infer R> } ? R : never;
type Queries = ReturnType<typeof conversationQueries>;
export type ConversationRows = [
  Rows<Queries[0]>,
  Rows<Queries[1]>,
  Rows<Queries[2]>,
  Rows<Queries[3]>,
  Rows<Queries[4]>,
  Rows<Queries[5]>,
  Rows<Queries[6]>,
];

export function conversationFigures(rows: ConversationRows, range: ConversationRange): ConversationFigures {
  const [days, buckets, backlog, members, created, stages, stageCounts] = rows;

  const count = Math.round((range.to - range.from) / DAY_MS);
  const series = Array.from({ length: count }, (_, i) => ({ day: range.from + i * DAY_MS, opened: 0, resolved: 0, newContacts: 0 }));
  const at = (day: number) => series[Math.floor((day - range.from) / DAY_MS)];
  const perAgent = new Map<string, { resolved: number; messagesSent: number; firstResponses: number }>();
  for (const d of days) {
    const s = at(d.day);
    if (s) {
      s.opened += d.opened;
      s.resolved += d.resolved;
    }
    if (!d.agentId) continue;
    const a = perAgent.get(d.agentId) ?? { resolved: 0, messagesSent: 0, firstResponses: 0 };
    a.resolved += d.resolved;
    a.messagesSent += d.messagesSent;
    a.firstResponses += d.firstResponses;
    perAgent.set(d.agentId, a);
  }
  for (const c of created) {
    const s = at(c.day);
    if (s) s.newContacts += c.count;
  }

  const histogram = (kind: string, agentId?: string) => {
    const counts = new Map<number, number>();
    for (const b of buckets)
      if (b.kind === kind && (agentId === undefined || b.agentId === agentId)) counts.set(b.bucket, (counts.get(b.bucket) ?? 0) + b.count);
    return summarizeBuckets(counts);
  };

  const open = new Map(backlog.map((b) => [b.agentId ?? "", b.open]));
  const names = new Map(members.map((m) => [m.id, m.name]));
  const agentIds = new Set([...perAgent.keys(), ...[...open.keys()].filter(Boolean), ...members.map((m) => m.id)]);
  const agents: AgentFigures[] = [...agentIds]
    .map((id) => {
      const a = perAgent.get(id) ?? { resolved: 0, messagesSent: 0, firstResponses: 0 };
      return {
        agentId: id,
        name: names.get(id) ?? "(former member)",
        conversationsHandled: a.resolved,
        messagesSent: a.messagesSent,
        firstResponses: a.firstResponses,
        medianFirstResponseMs: histogram("first_response", id).medianMs,
        openBacklog: open.get(id) ?? 0,
      };
    })
    .sort((x, y) => y.conversationsHandled - x.conversationsHandled || y.messagesSent - x.messagesSent || x.name.localeCompare(y.name));

  return {
    series,
    opened: series.reduce((n, d) => n + d.opened, 0),
    resolved: series.reduce((n, d) => n + d.resolved, 0),
    newContacts: series.reduce((n, d) => n + d.newContacts, 0),
    firstResponse: histogram("first_response"),
    resolution: histogram("resolution"),
    agents,
    unassignedBacklog: open.get("") ?? 0,
    // An org that never saved its own stages is in the defaults (as the CRM reads them).
    funnel: funnelOf(stages.length ? stages : [...DEFAULT_STAGES], stageCounts),
  };
}

/**
 * Contacts per lifecycle stage now, in the stages' order; `reached` counts those at that stage or a later
 * one (a funnel reads as how many got this far). A contact with no stage is in the first one; a stage
 * deleted since is not shown.
 */
function funnelOf(
  stages: { key: string; name: string; color: string }[],
  counts: { stage: string | null; count: number }[],
): FunnelStage[] {
  const byKey = new Map<string, number>();
  for (const c of counts) {
    const key = c.stage ?? stages[0]?.key;
    if (key) byKey.set(key, (byKey.get(key) ?? 0) + c.count);
  }
  let reached = 0;
  return stages
    .map((s) => ({ key: s.key, name: s.name, color: s.color, count: byKey.get(s.key) ?? 0 }))
    .reverse()
    .map((s) => ({ ...s, reached: (reached += s.count) }))
    .reverse();
}
