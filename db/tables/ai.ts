/** AI assist: the org's consent and settings, its knowledge base, what AI produced, and what it cost. */
import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { JsonObject } from "../../durable/protocol";
import { contacts, conversations, organizations } from "../schema";
import type { AiFeatureSwitches, BusinessHours } from "./ai-enums";
import { autoReplyModes, knowledgeKinds } from "./ai-enums";

export * from "./ai-enums";

const createdAt = () => integer("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`);

/**
 * One row per org that has touched AI settings. No row = AI off: consent is opt-in, and the switch is
 * the only thing that lets a request leave the Worker.
 */
export const aiSettings = sqliteTable("ai_settings", {
  orgId: text("org_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(false),
  features: text("features", { mode: "json" }).$type<AiFeatureSwitches>().notNull(),
  /** Null: the deployment's AI_MODEL. */
  model: text("model"),
  /** Hard stop per calendar month (UTC), in US cents. */
  monthlyBudgetCents: integer("monthly_budget_cents").notNull().default(1000),
  autoReplyMode: text("auto_reply_mode", { enum: autoReplyModes }).notNull().default("outside_hours"),
  businessHours: text("business_hours", { mode: "json" }).$type<BusinessHours>(),
  /** Below this, an auto-reply hands off to a person instead. */
  autoReplyMinConfidence: real("auto_reply_min_confidence").notNull().default(0.7),
  /** Auto-replies per conversation before it hands off, whatever the confidence. */
  autoReplyMaxPerConversation: integer("auto_reply_max_per_conversation").notNull().default(2),
  intents: text("intents", { mode: "json" }).$type<string[]>().notNull(),
  updatedAt: integer("updated_at").notNull(),
  updatedBy: text("updated_by"),
});

/** The business's facts: the only source drafts and auto-replies may answer from. */
export const aiKnowledge = sqliteTable(
  "ai_knowledge",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: knowledgeKinds }).notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("ai_knowledge_org").on(t.orgId, t.kind)],
);

export const summaryTriggers = ["manual", "closed", "handover"] as const;

export const aiSummaries = sqliteTable(
  "ai_summaries",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    model: text("model").notNull(),
    trigger: text("trigger", { enum: summaryTriggers }).notNull(),
    /** The room sequence the summary covers up to; the next one starts after it. */
    uptoSeq: integer("upto_seq").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("ai_summaries_conv").on(t.orgId, t.conversationId, t.createdAt)],
);

/** The latest classification of a conversation; the label it produced is on the conversation row. */
export const aiIntents = sqliteTable("ai_intents", {
  conversationId: text("conversation_id")
    .primaryKey()
    .references(() => conversations.id, { onDelete: "cascade" }),
  orgId: text("org_id").notNull(),
  intent: text("intent").notNull(),
  confidence: real("confidence").notNull(),
  model: text("model").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export const leadScoreSources = ["ai", "manual"] as const;

/**
 * A contact's lead score (0–100) and why. Kept here until the CRM's own columns land on contacts; a
 * manual score is never overwritten by AI.
 */
export const contactLeadScores = sqliteTable("contact_lead_scores", {
  contactId: text("contact_id")
    .primaryKey()
    .references(() => contacts.id, { onDelete: "cascade" }),
  orgId: text("org_id").notNull(),
  score: integer("score").notNull(),
  reason: text("reason"),
  source: text("source", { enum: leadScoreSources }).notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Every AI request that left (or was refused at the budget): what it cost and how it went. Monthly
 * totals against the budget are sums over (org, month).
 */
export const aiUsage = sqliteTable(
  "ai_usage",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** YYYY-MM, UTC. */
    month: text("month").notNull(),
    feature: text("feature").notNull(),
    model: text("model").notNull(),
    tokensIn: integer("tokens_in").notNull().default(0),
    tokensOut: integer("tokens_out").notNull().default(0),
    /** Millionths of a US dollar. */
    costMicros: integer("cost_micros").notNull().default(0),
    latencyMs: integer("latency_ms").notNull().default(0),
    outcome: text("outcome", { enum: ["ok", "error", "timeout", "budget", "plan_limit"] }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("ai_usage_org_month").on(t.orgId, t.month)],
);

/**
 * The audit of every AI action: what it did, what was there before (so it can be reverted), and who
 * reverted it. `dedupeKey` makes a replayed trigger (a redelivered queue message) one action.
 */
export const aiActions = sqliteTable(
  "ai_actions",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["summary", "intent", "lead_score", "auto_reply", "handoff", "draft"] }).notNull(),
    conversationId: text("conversation_id"),
    contactId: text("contact_id"),
    dedupeKey: text("dedupe_key"),
    detail: text("detail", { mode: "json" }).$type<JsonObject>().notNull(),
    /** What to put back on revert; null when the action cannot be undone (a sent message). */
    before: text("before", { mode: "json" }).$type<JsonObject>(),
    revertedAt: integer("reverted_at"),
    revertedBy: text("reverted_by"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("ai_actions_org_time").on(t.orgId, t.createdAt),
    index("ai_actions_conv").on(t.orgId, t.conversationId, t.kind),
    uniqueIndex("ai_actions_dedupe").on(t.orgId, t.dedupeKey),
  ],
);

export type AiSettings = typeof aiSettings.$inferSelect;
export type AiKnowledge = typeof aiKnowledge.$inferSelect;
export type AiSummary = typeof aiSummaries.$inferSelect;
export type AiAction = typeof aiActions.$inferSelect;
export type ContactLeadScore = typeof contactLeadScores.$inferSelect;
export type AiUsage = typeof aiUsage.$inferSelect;
