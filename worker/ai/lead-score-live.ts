/** A lead score changed by AI, its undo or a person: every agent's contact screens get the new fields live. */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts } from "../../db/schema";
import { publishBulk } from "../crm/contacts";

const SCORE_FIELDS = ["leadScore", "leadScoreSource", "leadScoreBy", "leadScoreAt"] as const;

export async function publishLeadScore(env: Env, db: Db, orgId: string, contactId: string, by: string | null): Promise<void> {
  const row = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.orgId, orgId)))
    .get();
  if (row) await publishBulk(env, orgId, [row], [...SCORE_FIELDS], [], by);
}
