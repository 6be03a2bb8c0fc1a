/**
 * AI on one conversation (mounted under /api/conversations/:id/ai, behind its session and conversation
 * checks): what AI knows about it, a summary on demand, and a reply draft streamed as server-sent events.
 */
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { AppEnv } from "../app-env";
import { openDb } from "../../db/client";
import { aiIntents } from "../../db/tables/ai";
import { and, eq } from "drizzle-orm";
import { listActions } from "../ai/actions";
import { assertWithinBudget, costMicros, estimateTokens } from "../ai/budget";
import { DRAFT_MAX_TOKENS, draftPrompt, streamDraft } from "../ai/drafts";
import { leadScoreOf } from "../ai/lead-score";
import type { AiDeps } from "../ai/provider";
import { requireConsent } from "../ai/settings";
import { latestSummaries, summarize } from "../ai/summaries";
import { AppError } from "../errors";
import { jsonBody } from "../middleware/json-body";
import { conversationOf } from "../middleware/load-conversation";
import { draftBody } from "../schemas/ai";

export const aiConversationRoutes = new Hono<AppEnv>();

aiConversationRoutes.get("/", async (c) => {
  const db = openDb(c.env.DB);
  const conv = conversationOf(c);
  const [summaries, intent, leadScore, actions] = await Promise.all([
    latestSummaries(db, conv.orgId, conv.id),
    db
      .select()
      .from(aiIntents)
      .where(and(eq(aiIntents.conversationId, conv.id), eq(aiIntents.orgId, conv.orgId)))
      .get(),
    leadScoreOf(db, conv.orgId, conv.contactId),
    listActions(db, conv.orgId, { conversationId: conv.id, limit: 20 }),
  ]);
  return c.json({
    summaries: summaries.map(({ orgId: _o, ...s }) => s),
    intent: intent ? { intent: intent.intent, confidence: intent.confidence, model: intent.model, updatedAt: intent.updatedAt } : null,
    leadScore,
    actions: actions.map(({ orgId: _o, dedupeKey: _d, ...a }) => a),
  });
});

aiConversationRoutes.post("/summary", async (c) => {
  const db = openDb(c.env.DB);
  const conv = conversationOf(c);
  const consent = await requireConsent(db, c.env, conv.orgId, "summaries");
  const summary = await summarize({ deps: { db, env: c.env }, rooms: c.env.CONVERSATION_ROOM, consent, conv, trigger: "manual" });
  if (!summary) {
    const [latest] = await latestSummaries(db, conv.orgId, conv.id, 1);
    if (!latest) throw new AppError(409, "nothing_to_summarize", "There are no messages to summarize yet.");
    return c.json({ summary: { ...latest, orgId: undefined }, fresh: false });
  }
  const { orgId: _o, ...shown } = summary;
  return c.json({ summary: shown, fresh: true }, 201);
});

/**
 * Events: `delta` {text} as the draft arrives, then `done` {text, language, model} or `error`
 * {code, message}. Consent and budget are checked before the stream opens, so those refusals are
 * ordinary JSON errors with their status.
 */
aiConversationRoutes.post("/draft", async (c) => {
  const db = openDb(c.env.DB);
  const conv = conversationOf(c);
  const body = await jsonBody(c, draftBody);
  const consent = await requireConsent(db, c.env, conv.orgId, "drafts");
  const deps: AiDeps = { db, env: c.env };
  const input = { deps, rooms: c.env.CONVERSATION_ROOM, consent, conv, body };
  const prompt = await draftPrompt(input);
  const tokensIn = estimateTokens(prompt.messages.map((m) => m.content).join("\n"));
  await assertWithinBudget(
    db,
    conv.orgId,
    consent.settings.monthlyBudgetCents,
    costMicros(consent.model, tokensIn, DRAFT_MAX_TOKENS, c.env.AI_PRICE_PER_MTOK),
    Date.now(),
  );
  return streamSSE(c, async (sse) => {
    try {
      const out = await streamDraft(input, prompt, (text) => sse.writeSSE({ event: "delta", data: JSON.stringify({ text }) }));
      await sse.writeSSE({
        event: "done",
        data: JSON.stringify({ text: out.text, language: out.language, model: consent.model, firstTokenMs: out.firstTokenMs }),
      });
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError(500, "internal", "Something went wrong on our side; please try again.");
      if (!(err instanceof AppError)) console.error("draft failed", err);
      await sse.writeSSE({ event: "error", data: JSON.stringify({ code: e.code, message: e.message, status: e.status }) });
    }
  });
});
