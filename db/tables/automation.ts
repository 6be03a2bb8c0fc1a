/**
 * Automation: the org's ordered rules, the log of what they did, and the org's business hours.
 * A run row is also the claim that makes a rule fire at most once per triggering event: its unique
 * (org, rule, event key) is inserted before any action runs (worker/automation/run-event.ts).
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organizations } from "../schema";
import type { Action, Condition, OpeningSpan, Trigger } from "../../worker/schemas/automation";
import { TRIGGERS } from "../../worker/schemas/automation";

const timestamp = (name: string) => integer(name);

export const automationRules = sqliteTable(
  "automation_rules",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Rules run in this order (ascending); each sees the conversation as the rules before it left it. */
    position: integer("position").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    trigger: text("trigger", { enum: TRIGGERS }).$type<Trigger>().notNull(),
    conditions: text("conditions", { mode: "json" }).$type<Condition[]>().notNull().default(sql`'[]'`),
    actions: text("actions", { mode: "json" }).$type<Action[]>().notNull(),
    /** Round-robin turns taken, bumped atomically so two runs at once pick different agents. */
    turns: integer("turns").notNull().default(0),
    createdAt: timestamp("created_at").notNull(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [index("automation_rules_org_position").on(t.orgId, t.position)],
);
export type AutomationRule = typeof automationRules.$inferSelect;

export const RUN_OUTCOMES = ["running", "done", "failed", "skipped"] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

export const automationRuns = sqliteTable(
  "automation_runs",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** A rule's id, or `away` for business hours' away message. Not a foreign key: the log outlives a deleted rule. */
    ruleId: text("rule_id").notNull(),
    ruleName: text("rule_name").notNull(),
    /** The triggering event: a wamid for messages, an action's own id otherwise, chained for follow-ons. */
    eventKey: text("event_key").notNull(),
    trigger: text("trigger").notNull(),
    conversationId: text("conversation_id"),
    contactId: text("contact_id"),
    outcome: text("outcome", { enum: RUN_OUTCOMES }).$type<RunOutcome>().notNull(),
    /** Why it fired (the trigger and the conditions that held) or why it was skipped. */
    reason: text("reason").notNull(),
    /** What each action did, in order. */
    did: text("did", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    error: text("error"),
    /** 0 for an event from a customer or an agent; n for one caused by a rule's action n steps down. */
    depth: integer("depth").notNull().default(0),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("automation_runs_claim").on(t.orgId, t.ruleId, t.eventKey),
    index("automation_runs_org_time").on(t.orgId, t.createdAt),
    index("automation_runs_conversation_time").on(t.conversationId, t.createdAt),
  ],
);
export type AutomationRun = typeof automationRuns.$inferSelect;

export const businessHours = sqliteTable("business_hours", {
  orgId: text("org_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(false),
  timeZone: text("time_zone").notNull().default("UTC"),
  week: text("week", { mode: "json" }).$type<OpeningSpan[]>().notNull().default(sql`'[]'`),
  holidays: text("holidays", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  awayMessage: text("away_message"),
  updatedAt: timestamp("updated_at").notNull(),
});
export type BusinessHours = typeof businessHours.$inferSelect;
