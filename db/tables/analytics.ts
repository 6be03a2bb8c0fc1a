/**
 * Conversation analytics: each conversation's running clock (when the current conversation started, since
 * when the customer waits for an answer) and the daily rollups the dashboard reads for conversations,
 * response and resolution times and agent performance. Every increment is tied to a change that happens
 * once: a message the room stored for the first time, a clock moved by compare-and-set in the same D1
 * batch, so a replayed webhook or a second close adds nothing.
 *
 * `agent_id` and `label` are '' for none / every label: a row with label '' counts the fact once, a row per
 * label counts it again under each label the conversation had when it happened (the label filter).
 */
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const conversationClocks = sqliteTable("conversation_clocks", {
  conversationId: text("conversation_id").primaryKey(),
  orgId: text("org_id").notNull(),
  /** The customer's first message since the conversation was last closed (null while closed). */
  openedAt: integer("opened_at"),
  /** The oldest customer message no one on the team has answered yet (null when answered). */
  awaitingSince: integer("awaiting_since"),
});

/** Per org, UTC day, number, agent and label: conversations opened and resolved, first responses, messages sent. */
export const conversationDailyRollups = sqliteTable(
  "conversation_daily_rollups",
  {
    orgId: text("org_id").notNull(),
    day: integer("day").notNull(),
    phoneNumberId: text("phone_number_id").notNull(),
    agentId: text("agent_id").notNull(),
    label: text("label").notNull(),
    opened: integer("opened").notNull().default(0),
    resolved: integer("resolved").notNull().default(0),
    firstResponses: integer("first_responses").notNull().default(0),
    messagesSent: integer("messages_sent").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.label, t.day, t.phoneNumberId, t.agentId] })],
);

export const responseKinds = ["first_response", "resolution"] as const;
export type ResponseKind = (typeof responseKinds)[number];

/**
 * How long customers waited, as a histogram: per day, number, agent, label and kind, the count of
 * durations in each bucket (durationBucket in durable/projection/duration-buckets.ts). Percentiles come
 * from the buckets (within half a bucket, ±6%), however many conversations there were.
 */
export const responseTimeRollups = sqliteTable(
  "response_time_rollups",
  {
    orgId: text("org_id").notNull(),
    label: text("label").notNull(),
    kind: text("kind", { enum: responseKinds }).notNull(),
    day: integer("day").notNull(),
    phoneNumberId: text("phone_number_id").notNull(),
    agentId: text("agent_id").notNull(),
    bucket: integer("bucket").notNull(),
    count: integer("count").notNull().default(0),
  },
  // Day right after the label: the dashboard reads a date range for both kinds at once.
  (t) => [primaryKey({ columns: [t.orgId, t.label, t.day, t.kind, t.phoneNumberId, t.agentId, t.bucket] })],
);

export type ConversationClock = typeof conversationClocks.$inferSelect;
