/** The run log, newest first: what fired, why, what it did, and what went wrong. */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { automationRuns, type AutomationRun } from "../../db/tables/automation";

export type RunView = Omit<AutomationRun, "orgId" | "eventKey">;

export async function listRuns(db: Db, orgId: string, q: { ruleId?: string; limit: number }): Promise<RunView[]> {
  const rows = await db
    .select()
    .from(automationRuns)
    .where(and(eq(automationRuns.orgId, orgId), q.ruleId ? eq(automationRuns.ruleId, q.ruleId) : undefined))
    .orderBy(desc(automationRuns.createdAt), desc(automationRuns.id))
    .limit(q.limit)
    .all();
  return rows.map(({ orgId: _o, eventKey: _k, ...run }) => run);
}
