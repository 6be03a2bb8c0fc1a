/** Saving AI settings, and what the settings page shows beside them (usage this month, the disclosure). */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { aiSettings, aiUsage, type AiSettings } from "../../db/tables/ai";
import type { AiSettingsBody } from "../schemas/ai";
import { monthOf } from "./budget";
import { loadSettings } from "./settings";

export function mergeSettings(current: AiSettings, body: AiSettingsBody, userId: string, now: number): AiSettings {
  const { features, ...rest } = body;
  return {
    ...current,
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    features: { ...current.features, ...Object.fromEntries(Object.entries(features ?? {}).filter(([, v]) => v !== undefined)) },
    updatedAt: now,
    updatedBy: userId,
  };
}

export async function saveSettings(
  db: Db,
  orgId: string,
  body: AiSettingsBody,
  userId: string,
): Promise<{ before: AiSettings; after: AiSettings }> {
  const before = await loadSettings(db, orgId);
  const after = mergeSettings(before, body, userId, Date.now());
  await db
    .insert(aiSettings)
    .values(after)
    .onConflictDoUpdate({ target: aiSettings.orgId, set: { ...after } });
  return { before, after };
}

export async function monthUsage(db: Db, orgId: string, now = Date.now()) {
  const month = monthOf(now);
  const byFeature = await db
    .select({
      feature: aiUsage.feature,
      requests: sql<number>`count(*)`,
      tokensIn: sql<number>`sum(${aiUsage.tokensIn})`,
      tokensOut: sql<number>`sum(${aiUsage.tokensOut})`,
      costMicros: sql<number>`sum(${aiUsage.costMicros})`,
      failures: sql<number>`sum(case when ${aiUsage.outcome} = 'ok' then 0 else 1 end)`,
    })
    .from(aiUsage)
    .where(and(eq(aiUsage.orgId, orgId), eq(aiUsage.month, month)))
    .groupBy(aiUsage.feature)
    .all();
  const recent = await db
    .select()
    .from(aiUsage)
    .where(and(eq(aiUsage.orgId, orgId), eq(aiUsage.month, month)))
    .orderBy(desc(aiUsage.createdAt))
    .limit(50)
    .all();
  return {
    month,
    costMicros: byFeature.reduce((n, f) => n + (f.costMicros ?? 0), 0),
    byFeature,
    recent: recent.map(({ orgId: _o, month: _m, ...r }) => r),
  };
}
