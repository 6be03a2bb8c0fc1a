/**
 * A contact's lead score (0–100) lives on the contact (the CRM's lead_score columns, source and time);
 * AI writes it with source "ai" and never over a score a person set (source "manual", guarded in the
 * UPDATE itself), logs a contact event like any edit, and keeps its one-sentence reason beside it in
 * contact_lead_scores. A person clears their score to hand it back to AI.
 */
import { and, eq, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts } from "../../db/schema";
import { contactEvents } from "../../db/tables/crm";
import { contactLeadScores } from "../../db/tables/ai";
import { AppError } from "../errors";
import type { LeadScoreView } from "./lead-score-view";

export type { LeadScoreView };

export async function leadScoreOf(db: Db, orgId: string, contactId: string): Promise<LeadScoreView | null> {
  const row = await db
    .select({
      score: contacts.leadScore,
      source: contacts.leadScoreSource,
      at: contacts.leadScoreAt,
      reason: contactLeadScores.reason,
      reasonScore: contactLeadScores.score,
    })
    .from(contacts)
    .leftJoin(contactLeadScores, eq(contactLeadScores.contactId, contacts.id))
    .where(and(eq(contacts.id, contactId), eq(contacts.orgId, orgId)))
    .get();
  if (!row || row.score === null) return null;
  // The reason is AI's: shown only while the score is still the one it gave.
  const reason = row.source === "ai" && row.reasonScore === row.score ? row.reason : null;
  return { score: row.score, source: row.source ?? "manual", reason, updatedAt: row.at };
}

const event = (orgId: string, contactId: string, byUserId: string | null, detail: Record<string, string | number | null>) => ({
  id: `ce_${crypto.randomUUID()}`,
  orgId,
  contactId,
  kind: "lead_score" as const,
  detail,
  byUserId,
  at: Date.now(),
});

export async function setManualLeadScore(db: Db, orgId: string, contactId: string, userId: string, score: number | null) {
  const current = await leadScoreOf(db, orgId, contactId);
  const now = Date.now();
  const updated = await db
    .update(contacts)
    .set({
      leadScore: score,
      leadScoreSource: score === null ? null : "manual",
      leadScoreBy: userId,
      leadScoreAt: now,
      version: sql`${contacts.version} + 1`,
      updatedAt: now,
    })
    .where(and(eq(contacts.id, contactId), eq(contacts.orgId, orgId)))
    .returning({ id: contacts.id })
    .get();
  if (!updated) throw new AppError(404, "contact_not_found", "No such contact in your organization.");
  await db.insert(contactEvents).values(event(orgId, contactId, userId, { from: current?.score ?? null, to: score, source: "manual" }));
  return leadScoreOf(db, orgId, contactId);
}

/** The statements that write AI's score (a no-op UPDATE when a person's score stands), or null when it does. */
export function aiLeadScoreWrite(
  db: Db,
  orgId: string,
  contactId: string,
  existing: LeadScoreView | null,
  score: number,
  reason: string,
  model: string,
) {
  if (existing?.source === "manual") return null;
  const now = Date.now();
  const value = Math.round(Math.min(100, Math.max(0, score)));
  const why = reason.slice(0, 300);
  return [
    db
      .update(contacts)
      .set({
        leadScore: value,
        leadScoreSource: "ai",
        leadScoreBy: model,
        leadScoreAt: now,
        version: sql`${contacts.version} + 1`,
        updatedAt: now,
      })
      .where(
        and(
          eq(contacts.id, contactId),
          eq(contacts.orgId, orgId),
          or(isNull(contacts.leadScoreSource), ne(contacts.leadScoreSource, "manual")),
        ),
      ),
    db
      .insert(contactLeadScores)
      .values({ contactId, orgId, score: value, reason: why, source: "ai", updatedAt: now })
      .onConflictDoUpdate({ target: contactLeadScores.contactId, set: { score: value, reason: why, source: "ai", updatedAt: now } }),
    db.insert(contactEvents).values(event(orgId, contactId, null, { from: existing?.score ?? null, to: value, source: "ai" })),
  ];
}

/** Undo of an AI score: the score and source before it, unless a person has set one since. */
export function restoreLeadScore(db: Db, orgId: string, contactId: string, before: { score: number | null; source: string | null }) {
  const now = Date.now();
  return db
    .update(contacts)
    .set({
      leadScore: before.score,
      leadScoreSource: before.source,
      leadScoreAt: now,
      version: sql`${contacts.version} + 1`,
      updatedAt: now,
    })
    .where(
      and(
        eq(contacts.id, contactId),
        eq(contacts.orgId, orgId),
        or(isNull(contacts.leadScoreSource), ne(contacts.leadScoreSource, "manual")),
      ),
    );
}
