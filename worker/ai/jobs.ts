/**
 * AI work on the Queue, never on a webhook's ack path: summaries when a conversation is closed or handed
 * over; intent, lead score and auto-reply after a customer writes. A job for an org that has AI (or the feature) off is dropped unsent; a budget stop is final; a
 * provider failure retries with the queue's backoff.
 */
import { emitAutomation } from "../automation/events";
import type { Db } from "../../db/client";
import { openDb } from "../../db/client";
import type { Conversation } from "../../db/schema";
import { and, eq, inArray } from "drizzle-orm";
import { aiSettings } from "../../db/tables/ai";
import { findConversation, summaryOf } from "../inbox/conversations";
import { AppError } from "../errors";
import type { AiSettings } from "../../db/tables/ai";
import { roomStub } from "../../durable/room-stub";
import { autoReply } from "./auto-reply";
import { pastOrderCount } from "./commerce-facts";
import { publishLeadScore } from "./lead-score-live";
import { Redactor } from "./redact";
import { consentFor, loadSettings } from "./settings";
import { triage } from "./triage";
import { MAX_TURNS, transcriptOf } from "./transcript";
import { summarize, type SummaryTrigger } from "./summaries";

export interface AiSummaryJob {
  kind: "ai.summary";
  orgId: string;
  conversationId: string;
  trigger: Exclude<SummaryTrigger, "manual">;
}

/** After new customer messages: `uptoSeq` is the room's last message when the webhook stored them. */
export interface AiInboundJob {
  kind: "ai.inbound";
  orgId: string;
  conversationId: string;
  uptoSeq: number;
}

export type AiJob = AiSummaryJob | AiInboundJob;

/** Enqueued only when the org has summaries on, so orgs without AI put nothing on the Queue. */
export async function enqueueSummary(
  env: Env,
  db: Db,
  conv: Pick<Conversation, "id" | "orgId">,
  trigger: AiSummaryJob["trigger"],
): Promise<void> {
  const settings = await loadSettings(db, conv.orgId);
  if (!consentFor(settings, "summaries", env)) return;
  await env.JOBS.send({ kind: "ai.summary", orgId: conv.orgId, conversationId: conv.id, trigger } satisfies AiSummaryJob);
}

/** Thrown for an AI job that must not be retried (the budget is used up). */
export class AiJobStopped extends Error {}

export async function runAiJob(env: Env, job: AiJob): Promise<void> {
  const db = openDb(env.DB);
  const settings = await loadSettings(db, job.orgId);
  try {
    switch (job.kind) {
      case "ai.summary": {
        // Consent is asked again when the job runs: AI may have been switched off since it was queued.
        const consent = consentFor(settings, "summaries", env);
        if (!consent) return;
        const conv = await findConversation(env.DB, job.orgId, job.conversationId);
        await summarize({ deps: { db, env }, rooms: env.CONVERSATION_ROOM, consent, conv, trigger: job.trigger });
        return;
      }
      case "ai.inbound":
        await onInbound(env, db, settings, job);
        return;
    }
  } catch (err) {
    if (err instanceof AppError && err.status !== 503) throw new AiJobStopped(`${err.code}: ${err.message}`);
    throw err;
  }
}

/**
 * A burst of customer messages is answered once: a job whose messages are no longer the latest leaves the
 * work to the job of the newest one.
 */
async function onInbound(env: Env, db: Db, settings: AiSettings, job: AiInboundJob): Promise<void> {
  const triageConsent = consentFor(settings, "intent", env) ?? consentFor(settings, "leadScore", env);
  const replyConsent = consentFor(settings, "autoReply", env);
  if (!triageConsent && !replyConsent) return;
  let conv = await findConversation(env.DB, job.orgId, job.conversationId);
  const { messages } = await roomStub(env.CONVERSATION_ROOM, conv.orgId, conv.id).history({ limit: MAX_TURNS });
  const lastInbound = messages.filter((m) => m.direction === "inbound").at(-1);
  if (!lastInbound || lastInbound.seq > job.uptoSeq) return;
  const upto = messages.filter((m) => m.seq <= job.uptoSeq);
  const redactor = new Redactor();
  const transcript = transcriptOf(upto, redactor);
  if (!transcript.lastCustomer) return;
  const deps = { db, env };
  const dedupe = `${conv.id}:${job.uptoSeq}`;
  let intent: string | null = null;
  if (triageConsent) {
    const result = await triage(deps, triageConsent, conv, transcript, await pastOrderCount(db, conv.orgId, conv.contactId), dedupe);
    intent = result.intent;
    if (result.labelled) {
      conv = await findConversation(env.DB, job.orgId, job.conversationId);
      await env.ORG_INBOX.getByName(conv.orgId).publish([await summaryOf(db, conv.orgId, conv.id)]);
      // Rules run on the intent once it is a label ("AI detects an intent" + "label is complaint" → assign):
      // the message's own rules ran before AI had read it. Keyed by the burst, so a redelivery fires nothing twice.
      await emitAutomation(env, db, conv.orgId, [
        {
          key: `conversation.intent_detected:${dedupe}`,
          type: "conversation.intent_detected",
          conversationId: conv.id,
          contactId: conv.contactId,
          intent: result.intent,
          at: Date.now(),
        },
      ]);
    }
    if (result.leadScore !== null) await publishLeadScore(env, db, conv.orgId, conv.contactId, null);
  }
  if (replyConsent)
    await autoReply({ deps, env, consent: replyConsent, conv, transcript, redactor, messages: upto, intent, uptoSeq: job.uptoSeq });
}

/** Which of these orgs have AI on; the webhook asks this beside its room calls, not after them. */
export async function aiEnabledOrgs(db: Db, orgIds: string[]): Promise<Set<string>> {
  if (!orgIds.length) return new Set();
  const on = await db
    .select({ orgId: aiSettings.orgId })
    .from(aiSettings)
    .where(and(inArray(aiSettings.orgId, orgIds), eq(aiSettings.enabled, true)))
    .all();
  return new Set(on.map((r) => r.orgId));
}
