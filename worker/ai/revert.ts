/**
 * Undoing an AI action: a summary is deleted, an intent label taken off, a lead score or a handoff's
 * assignment and labels put back as they were. A sent auto-reply cannot be unsent, and says so.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { conversations } from "../../db/schema";
import { aiActions, aiIntents, aiSummaries, type AiAction } from "../../db/tables/ai";
import { leadScoreOf, restoreLeadScore } from "./lead-score";
import { publishLeadScore } from "./lead-score-live";
import { summaryOf } from "../inbox/conversations";
import { AppError } from "../errors";

export async function revertAction(env: Env, db: Db, orgId: string, id: string, userId: string): Promise<AiAction> {
  const action = await db
    .select()
    .from(aiActions)
    .where(and(eq(aiActions.id, id), eq(aiActions.orgId, orgId)))
    .get();
  if (!action) throw new AppError(404, "ai_action_not_found", "No such AI action in your organization.");
  if (action.revertedAt) throw new AppError(409, "already_reverted", "This AI action was already reverted.");
  const d = action.detail;
  const now = Date.now();
  const undo = [];
  let republish: string | null = null;
  let rescored: string | null = null;
  switch (action.kind) {
    case "summary":
      undo.push(db.delete(aiSummaries).where(and(eq(aiSummaries.id, String(d.summaryId)), eq(aiSummaries.orgId, orgId))));
      break;
    case "intent": {
      const conv = action.conversationId ? await currentConversation(db, orgId, action.conversationId) : null;
      if (conv) {
        const label = String(d.label ?? "");
        const before = (action.before?.labels as string[] | undefined) ?? [];
        const labels = conv.labels.filter((l) => l !== label || before.includes(l));
        undo.push(
          db
            .update(conversations)
            .set({ labels, updatedAt: now })
            .where(and(eq(conversations.id, conv.id), eq(conversations.orgId, orgId))),
        );
        undo.push(db.delete(aiIntents).where(and(eq(aiIntents.conversationId, conv.id), eq(aiIntents.orgId, orgId))));
        republish = conv.id;
      }
      break;
    }
    case "lead_score": {
      const contactId = action.contactId ?? "";
      const current = await leadScoreOf(db, orgId, contactId);
      // A person has set a score since: theirs stands.
      if (current?.source === "manual")
        throw new AppError(409, "score_changed_since", "Someone set this lead score by hand since; change it there.");
      const b = action.before ?? {};
      undo.push(
        restoreLeadScore(db, orgId, contactId, {
          score: typeof b.score === "number" ? b.score : null,
          source: typeof b.source === "string" ? b.source : null,
        }),
      );
      rescored = contactId;
      break;
    }
    case "handoff": {
      const conv = action.conversationId ? await currentConversation(db, orgId, action.conversationId) : null;
      if (conv && action.before) {
        const labels = conv.labels.filter((l) => l !== "needs-human" || ((action.before?.labels as string[]) ?? []).includes(l));
        undo.push(
          db
            .update(conversations)
            .set({ labels, assigneeId: (action.before.assigneeId as string | null) ?? null, updatedAt: now })
            .where(and(eq(conversations.id, conv.id), eq(conversations.orgId, orgId))),
        );
        republish = conv.id;
      }
      break;
    }
    case "auto_reply":
      throw new AppError(
        409,
        "not_reversible",
        "A message sent to the customer on WhatsApp cannot be unsent. Follow up in the conversation instead.",
      );
    case "draft":
      throw new AppError(409, "not_reversible", "A draft changed nothing: the agent decided what to send.");
  }
  const marked = db
    .update(aiActions)
    .set({ revertedAt: now, revertedBy: userId })
    .where(and(eq(aiActions.id, id), eq(aiActions.orgId, orgId)));
  await db.batch([marked, ...undo]);
  if (republish) {
    const row = await summaryOf(db, orgId, republish);
    await env.ORG_INBOX.getByName(orgId).publish([row]);
  }
  if (rescored) await publishLeadScore(env, db, orgId, rescored, userId);
  return { ...action, revertedAt: now, revertedBy: userId };
}

async function currentConversation(db: Db, orgId: string, id: string) {
  return db
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.orgId, orgId)))
    .get();
}
