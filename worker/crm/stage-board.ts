/** The stage board's columns: contacts and lead-score sums per stage, one grouped query over the stage index. */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts } from "../../db/schema";
import { firstStageKey, listStages, type StageView } from "./stages";

export async function stageCounts(db: Db, orgId: string): Promise<{ stages: (StageView & { count: number; leadScoreSum: number })[] }> {
  const stages = await listStages(db, orgId);
  const first = firstStageKey(stages);
  const rows = await db
    .select({ stage: contacts.stage, count: sql<number>`count(*)`, leadScoreSum: sql<number>`coalesce(sum(${contacts.leadScore}), 0)` })
    .from(contacts)
    .where(eq(contacts.orgId, orgId))
    .groupBy(contacts.stage)
    .all();
  return {
    stages: stages.map((s) => {
      const mine = rows.filter((r) => (r.stage ?? first) === s.key);
      return { ...s, count: mine.reduce((n, r) => n + r.count, 0), leadScoreSum: mine.reduce((n, r) => n + r.leadScoreSum, 0) };
    }),
  };
}
