/**
 * Intent and lead score for an inbound conversation, from one structured-output call: the intent (from
 * the org's own list) becomes a conversation label that automation rules and the inbox see live; the
 * score (0–100, with a reason) goes on the contact with source "ai", never over a score a person set.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { conversations, type Conversation } from "../../db/schema";
import { aiIntents } from "../../db/tables/ai";
import { actionInsert } from "./actions";
import { aiLeadScoreWrite, leadScoreOf } from "./lead-score";
import { TRIAGE_MAX_TOKENS, triageMessages, triageSchema } from "./prompts";
import { structured, type AiDeps } from "./provider";
import type { Consent } from "./settings";
import type { Transcript } from "./transcript";

/** Below this the intent is kept but no label is put on the conversation. */
export const LABEL_MIN_CONFIDENCE = 0.6;

export interface TriageResult {
  intent: string;
  confidence: number;
  labelled: boolean;
  leadScore: number | null;
}

export async function triage(
  deps: AiDeps,
  consent: Consent,
  conv: Conversation,
  transcript: Transcript,
  pastOrders: number,
  dedupe: string,
): Promise<TriageResult> {
  const s = consent.settings;
  const intents = s.intents.length ? s.intents : ["support"];
  const { value } = await structured(
    deps,
    consent,
    triageMessages({ intents, pastOrders, transcript: transcript.lines }),
    { name: "triage", zod: triageSchema(intents) },
    TRIAGE_MAX_TOKENS,
  );
  const now = Date.now();
  const db = deps.db;
  const writes = [];
  const labelled = s.features.intent && value.confidence >= LABEL_MIN_CONFIDENCE;
  if (s.features.intent) {
    const previous = await db
      .select()
      .from(aiIntents)
      .where(and(eq(aiIntents.conversationId, conv.id), eq(aiIntents.orgId, conv.orgId)))
      .get();
    writes.push(
      db
        .insert(aiIntents)
        .values({
          conversationId: conv.id,
          orgId: conv.orgId,
          intent: value.intent,
          confidence: value.confidence,
          model: consent.model,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: aiIntents.conversationId,
          set: { intent: value.intent, confidence: value.confidence, model: consent.model, updatedAt: now },
        }),
    );
    if (labelled) {
      // One AI intent label at a time: the previous one AI put there goes, labels people added stay.
      const labels = [...new Set([...conv.labels.filter((l) => l !== previous?.intent || previous.intent === value.intent), value.intent])];
      writes.push(
        db
          .update(conversations)
          .set({ labels, updatedAt: now })
          .where(and(eq(conversations.id, conv.id), eq(conversations.orgId, conv.orgId))),
      );
      writes.push(
        actionInsert(db, {
          orgId: conv.orgId,
          kind: "intent",
          conversationId: conv.id,
          dedupeKey: `intent:${dedupe}`,
          detail: { intent: value.intent, label: value.intent, confidence: value.confidence, model: consent.model },
          before: { labels: conv.labels },
        }),
      );
    }
  }
  let leadScore: number | null = null;
  if (s.features.leadScore) {
    const existing = await leadScoreOf(db, conv.orgId, conv.contactId);
    const write = aiLeadScoreWrite(db, conv.orgId, conv.contactId, existing, value.leadScore, value.leadReason, consent.model);
    if (write) {
      leadScore = value.leadScore;
      writes.push(...write);
      writes.push(
        actionInsert(db, {
          orgId: conv.orgId,
          kind: "lead_score",
          conversationId: conv.id,
          contactId: conv.contactId,
          dedupeKey: `lead:${dedupe}`,
          detail: { score: value.leadScore, reason: value.leadReason, model: consent.model },
          before: { score: existing?.score ?? null, source: existing?.source ?? null },
        }),
      );
    }
  }
  if (writes.length) await db.batch(writes as unknown as Parameters<Db["batch"]>[0]);
  return { intent: value.intent, confidence: value.confidence, labelled, leadScore };
}
