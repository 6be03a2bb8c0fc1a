/**
 * What automation reacts to, as Queue messages: a customer wrote, an agent (or a rule) changed a
 * conversation or a contact. Rules never run on the webhook's ack path or inside an agent's request;
 * those only put events on the Queue, and only for orgs that have something to run.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { automationRules, businessHours } from "../../db/tables/automation";

export const EVENT_TYPES = [
  "message.received",
  "conversation.opened",
  "conversation.closed",
  "conversation.assigned",
  "contact.created",
  "contact.stage_changed",
  "contact.tag_added",
  "order.paid",
  "conversation.intent_detected",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface AutomationEvent {
  /** Names the triggering event once: a rule fires at most once per (rule, key), however often it is delivered. */
  key: string;
  type: EventType;
  conversationId?: string;
  contactId?: string;
  /** When it happened (WhatsApp's time for messages). */
  at: number;
  /** message.received: the text (a caption, a button's label…) and whether it is the customer's first. */
  text?: string;
  first?: boolean;
  /** contact.tag_added / contact.stage_changed: which. */
  tag?: string;
  stage?: string;
  /** conversation.intent_detected: the intent AI put on the conversation as a label. */
  intent?: string;
  /** 0 for a customer's or an agent's doing; a rule's action adds one. */
  depth: number;
  /** The rules whose actions led here: none of them runs again on it. */
  chain: string[];
}

export interface AutomationJob {
  kind: "automation.events";
  orgId: string;
  events: AutomationEvent[];
}

/** Orgs with an enabled rule or an away message: the only ones whose events are worth a Queue message. */
export async function automationOrgs(db: Db, orgIds: string[]): Promise<Set<string>> {
  if (!orgIds.length) return new Set();
  const [rules, hours] = await Promise.all([
    db
      .selectDistinct({ orgId: automationRules.orgId })
      .from(automationRules)
      .where(and(inArray(automationRules.orgId, orgIds), eq(automationRules.enabled, true)))
      .all(),
    db
      .select({ orgId: businessHours.orgId, away: businessHours.awayMessage })
      .from(businessHours)
      .where(and(inArray(businessHours.orgId, orgIds), eq(businessHours.enabled, true)))
      .all(),
  ]);
  return new Set([...rules.map((r) => r.orgId), ...hours.filter((h) => h.away).map((h) => h.orgId)]);
}

/** An agent's change, as events on the Queue; never fails the request that made it. */
export async function emitAutomation(env: Env, db: Db, orgId: string, events: Omit<AutomationEvent, "depth" | "chain">[]): Promise<void> {
  if (!events.length) return;
  try {
    if (!(await automationOrgs(db, [orgId])).has(orgId)) return;
    await env.JOBS.send({
      kind: "automation.events",
      orgId,
      events: events.map((e) => ({ ...e, depth: 0, chain: [] })),
    } satisfies AutomationJob);
  } catch (err) {
    console.warn("automation events not queued", { orgId, reason: String(err) });
  }
}

/** A fresh key for an agent's action (each is its own event; only deliveries of it repeat). */
export const actionKey = (type: EventType, id: string) => `${type}:${id}:${crypto.randomUUID()}`;
