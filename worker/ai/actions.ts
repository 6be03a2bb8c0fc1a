/**
 * The audit of every AI action (ai_actions): what it did and what was there before, so a person can see
 * it and put things back. Writes go into the caller's batch beside the change they describe.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import type { JsonObject } from "../../durable/protocol";
import type { Db } from "../../db/client";
import { aiActions, type AiAction } from "../../db/tables/ai";

export interface ActionInput {
  orgId: string;
  kind: AiAction["kind"];
  conversationId?: string | null;
  contactId?: string | null;
  dedupeKey?: string | null;
  detail: JsonObject;
  before?: JsonObject | null;
}

/** A replayed trigger (same dedupe key) inserts nothing, so the batch around it still commits. */
export function actionInsert(db: Db, input: ActionInput, id: string = crypto.randomUUID()) {
  return db
    .insert(aiActions)
    .values({
      id,
      orgId: input.orgId,
      kind: input.kind,
      conversationId: input.conversationId ?? null,
      contactId: input.contactId ?? null,
      dedupeKey: input.dedupeKey ?? null,
      detail: input.detail,
      before: input.before ?? null,
      createdAt: Date.now(),
    })
    .onConflictDoNothing();
}

export function listActions(db: Db, orgId: string, filter: { conversationId?: string; limit: number }) {
  return db
    .select()
    .from(aiActions)
    .where(and(eq(aiActions.orgId, orgId), filter.conversationId ? eq(aiActions.conversationId, filter.conversationId) : undefined))
    .orderBy(desc(aiActions.createdAt))
    .limit(filter.limit)
    .all();
}

/** Live actions of a kind in a conversation (auto-replies so far, say); reverted ones do not count. */
export async function countActions(db: Db, orgId: string, conversationId: string, kind: AiAction["kind"]): Promise<number> {
  const rows = await db
    .select({ id: aiActions.id })
    .from(aiActions)
    .where(
      and(eq(aiActions.orgId, orgId), eq(aiActions.conversationId, conversationId), eq(aiActions.kind, kind), isNull(aiActions.revertedAt)),
    )
    .all();
  return rows.length;
}
