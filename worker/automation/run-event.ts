/**
 * The Queue consumer's side of automation: for each event, the org's enabled rules in order, then the
 * away message. A rule fires at most once per event: its run row (unique per org, rule and event key)
 * is claimed before any action, so a replayed webhook or a redelivered job finds the claim and stops.
 * Loop safety: a rule never runs on an event its own actions caused (the event's chain), events more
 * than MAX_DEPTH rule-steps from a person are not acted on, and a conversation that has had
 * RATE_PER_CONVERSATION runs in the last minute is left alone until the minute passes.
 */
import { and, asc, desc, eq, gt, count } from "drizzle-orm";
import { openDb, type Db } from "../../db/client";
import { contacts, conversations, type Contact, type Conversation } from "../../db/schema";
import { automationRules, automationRuns, type AutomationRule, type RunOutcome } from "../../db/tables/automation";
import { summaryOf } from "../inbox/conversations";
import { publishContactEdit } from "../crm/contacts";
import { ActionRefused, type ActionTarget, runAction } from "./actions";
import { getBusinessHours } from "./business-hours";
import { ruleApplies, type RuleContext, triggerMatches } from "./conditions";
import type { AutomationEvent, AutomationJob } from "./events";
import { closedPeriod } from "./hours";
import { emitWebhooks, fromAutomationEvents } from "../integrations/events";

export const MAX_DEPTH = 3;
export const RATE_PER_CONVERSATION = 20;
export const RATE_WINDOW_MS = 60_000;
export const AWAY_RULE = { id: "away", name: "Away message" } as const;

export async function runAutomationJob(env: Env, job: AutomationJob, now = Date.now()): Promise<void> {
  const db = openDb(env.DB);
  const [rules, hoursRow] = await Promise.all([
    db
      .select()
      .from(automationRules)
      .where(and(eq(automationRules.orgId, job.orgId), eq(automationRules.enabled, true)))
      .orderBy(asc(automationRules.position), asc(automationRules.createdAt))
      .all(),
    getBusinessHours(db, job.orgId),
  ]);
  const hours = hoursRow.enabled ? hoursRow : null;
  const next: AutomationEvent[] = [];
  for (const event of job.events) {
    const target = await loadTarget(env, db, job.orgId, event);
    next.push(...(await runRules(target, rules, hours, now)));
    if (event.type === "message.received" && hours && hoursRow.awayMessage) await awayMessage(target, hours, hoursRow.awayMessage);
  }
  if (next.length) {
    await env.JOBS.send({ kind: "automation.events", orgId: job.orgId, events: next } satisfies AutomationJob);
    // What rules changed (an assignment, a stage) is news to the org's endpoints too.
    await emitWebhooks(env, db, job.orgId, fromAutomationEvents(job.orgId, next));
  }
}

async function loadTarget(env: Env, db: Db, orgId: string, event: AutomationEvent): Promise<ActionTarget> {
  let conversation: Conversation | null = null;
  if (event.conversationId) {
    conversation =
      (await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.id, event.conversationId), eq(conversations.orgId, orgId)))
        .get()) ?? null;
  }
  const contactId = event.contactId ?? conversation?.contactId;
  const contact: Contact | null = contactId
    ? ((await db
        .select()
        .from(contacts)
        .where(and(eq(contacts.id, contactId), eq(contacts.orgId, orgId)))
        .get()) ?? null)
    : null;
  // A contact's event acts on the contact's latest conversation, if there is one.
  if (!conversation && contact) {
    conversation =
      (await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.contactId, contact.id), eq(conversations.orgId, orgId)))
        .orderBy(desc(conversations.updatedAt))
        .get()) ?? null;
  }
  return { env, db, orgId, rule: AWAY_RULE, event, conversation, contact };
}

async function runRules(t: ActionTarget, rules: AutomationRule[], hours: RuleContext["hours"], now: number): Promise<AutomationEvent[]> {
  const next: AutomationEvent[] = [];
  const { event } = t;
  for (const rule of rules) {
    if (event.chain.includes(rule.id)) continue;
    const ctx: RuleContext = { event, conversation: t.conversation, contact: t.contact, hours };
    if (!triggerMatches(rule.trigger, ctx)) continue;
    const reasons = ruleApplies(rule.conditions, ctx);
    if (!reasons) continue;
    const why = reasons.length ? reasons.join("; ") : "no conditions";
    const stop = event.depth > MAX_DEPTH ? `loop guard: ${event.depth} rule steps deep` : await rateLimited(t.db, t.conversation, now);
    const runId = await claim(t, rule, stop ? "skipped" : "running", stop ? `${why} — skipped, ${stop}` : why);
    if (!runId || stop) continue;
    const target: ActionTarget = { ...t, rule };
    const did: string[] = [];
    let error: string | null = null;
    let conversationChanged = false;
    try {
      for (const [i, action] of rule.actions.entries()) {
        const result = await runAction(target, action, i);
        did.push(result.did);
        conversationChanged ||= Boolean(result.conversationChanged);
        if (result.contactEdit && target.contact)
          await publishContactEdit(t.env, t.db, t.orgId, target.contact.id, result.contactEdit, null);
        for (const [j, f] of result.follow.entries())
          next.push({ ...f, key: `${event.key}>${rule.id}:${i}.${j}`, depth: event.depth + 1, chain: [...event.chain, rule.id] });
      }
    } catch (err) {
      error = err instanceof ActionRefused ? `Not done: ${err.message}.` : err instanceof Error ? err.message : String(err);
      if (!(err instanceof ActionRefused)) console.error("automation action failed", { ruleId: rule.id, key: event.key, error });
    }
    if (conversationChanged && target.conversation)
      await t.env.ORG_INBOX.getByName(t.orgId).publish([await summaryOf(t.db, t.orgId, target.conversation.id)]);
    await settle(t.db, runId, error ? "failed" : "done", did, error);
    // The next rule sees what this one did.
    t.conversation = target.conversation;
    t.contact = target.contact;
  }
  return next;
}

async function rateLimited(db: Db, conversation: Conversation | null, now: number): Promise<string | null> {
  if (!conversation) return null;
  const recent = await db
    .select({ n: count() })
    .from(automationRuns)
    .where(and(eq(automationRuns.conversationId, conversation.id), gt(automationRuns.createdAt, now - RATE_WINDOW_MS)))
    .get();
  return (recent?.n ?? 0) >= RATE_PER_CONVERSATION ? `rate limit: ${RATE_PER_CONVERSATION} runs in a minute on this conversation` : null;
}

/** The run row doubles as the claim: null when this rule already ran for this event. */
async function claim(
  t: ActionTarget,
  rule: Pick<AutomationRule, "id" | "name" | "trigger">,
  outcome: RunOutcome,
  reason: string,
  eventKey = t.event.key,
): Promise<string | null> {
  const rows = await t.db
    .insert(automationRuns)
    .values({
      id: `run_${crypto.randomUUID()}`,
      orgId: t.orgId,
      ruleId: rule.id,
      ruleName: rule.name,
      eventKey,
      trigger: rule.trigger,
      conversationId: t.conversation?.id ?? null,
      contactId: t.contact?.id ?? null,
      outcome,
      reason,
      depth: t.event.depth,
      // Its own time, not the job's, so the log lists runs in the order they happened.
      createdAt: Date.now(),
    })
    .onConflictDoNothing()
    .returning({ id: automationRuns.id });
  return rows[0]?.id ?? null;
}

const settle = (db: Db, id: string, outcome: RunOutcome, did: string[], error: string | null) =>
  db.update(automationRuns).set({ outcome, did, error }).where(eq(automationRuns.id, id));

/** Once per conversation per closed period: the claim's key is the period, not the message. */
async function awayMessage(t: ActionTarget, hours: NonNullable<RuleContext["hours"]>, text: string): Promise<void> {
  const period = closedPeriod(hours, t.event.at);
  if (!period || !t.conversation) return;
  const rule = { ...AWAY_RULE, trigger: "message.after_hours" as const };
  const runId = await claim(t, rule, "running", `closed since ${period} (${hours.timeZone})`, `away:${t.conversation.id}:${period}`);
  if (!runId) return;
  try {
    const result = await runAction({ ...t, rule }, { type: "send_text", text }, 0);
    await settle(t.db, runId, "done", [result.did], null);
  } catch (err) {
    const error = err instanceof ActionRefused ? `Not done: ${err.message}.` : err instanceof Error ? err.message : String(err);
    await settle(t.db, runId, "failed", [], error);
  }
}
