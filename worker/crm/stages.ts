/** Lifecycle stages: each org's ordered list, the defaults written on first use. */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts } from "../../db/schema";
import { lifecycleStages, type LifecycleStage } from "../../db/tables/crm";
import { AppError } from "../errors";

export const DEFAULT_STAGES = [
  { key: "new_lead", name: "New lead", color: "#3b82f6" },
  { key: "qualified", name: "Qualified", color: "#8b5cf6" },
  { key: "customer", name: "Customer", color: "#10b981" },
  { key: "repeat_customer", name: "Repeat customer", color: "#059669" },
  { key: "churned", name: "Churned", color: "#6b7280" },
] as const;

export type StageView = Pick<LifecycleStage, "key" | "name" | "position" | "color">;

/** The org's stages in order; an org that never saved its own gets the defaults (written once, idempotently). */
export async function listStages(db: Db, orgId: string): Promise<StageView[]> {
  const rows = await db
    .select({ key: lifecycleStages.key, name: lifecycleStages.name, position: lifecycleStages.position, color: lifecycleStages.color })
    .from(lifecycleStages)
    .where(eq(lifecycleStages.orgId, orgId))
    .orderBy(asc(lifecycleStages.position))
    .all();
  if (rows.length) return rows;
  const defaults = DEFAULT_STAGES.map((s, position) => ({ ...s, orgId, position }));
  await db.insert(lifecycleStages).values(defaults).onConflictDoNothing();
  return defaults.map(({ orgId: _o, ...s }) => s);
}

/** The stage a contact without one is in. */
export const firstStageKey = (stages: StageView[]) => stages[0]?.key ?? DEFAULT_STAGES[0].key;

export async function requireStage(db: Db, orgId: string, key: string): Promise<StageView> {
  const stage = (await listStages(db, orgId)).find((s) => s.key === key);
  if (!stage) throw new AppError(422, "unknown_stage", `stage: "${key}" is not one of your organization's lifecycle stages.`);
  return stage;
}

/**
 * Replaces the org's stages (order = position). A stage that still has contacts cannot be removed:
 * they would silently fall into the first stage.
 */
export async function saveStages(db: Db, orgId: string, stages: { key: string; name: string; color: string }[]): Promise<StageView[]> {
  const keys = stages.map((s) => s.key);
  if (new Set(keys).size !== keys.length) throw new AppError(422, "duplicate_stage", "stages: each stage key must be unique.");
  const current = await listStages(db, orgId);
  const removed = current.filter((s) => !keys.includes(s.key)).map((s) => s.key);
  const first = firstStageKey(current);
  for (const key of removed) {
    const inUse = await db
      .select({ n: sql<number>`count(*)` })
      .from(contacts)
      .where(and(eq(contacts.orgId, orgId), key === first ? sql`coalesce(${contacts.stage}, ${key}) = ${key}` : eq(contacts.stage, key)))
      .get();
    if (inUse && inUse.n > 0) {
      throw new AppError(409, "stage_in_use", `stages: "${key}" still has ${inUse.n} contact(s); move them to another stage first.`);
    }
  }
  const rows = stages.map((s, position) => ({ ...s, orgId, position }));
  // Contacts without a stage read as the first one; if the first changes, they stay where they were.
  const pin = db
    .update(contacts)
    .set({ stage: first })
    .where(and(eq(contacts.orgId, orgId), sql`${contacts.stage} is null`));
  const replace = [db.delete(lifecycleStages).where(eq(lifecycleStages.orgId, orgId)), db.insert(lifecycleStages).values(rows)] as const;
  await (keys[0] !== first ? db.batch([pin, ...replace]) : db.batch(replace));
  return rows.map(({ orgId: _o, ...s }) => s);
}
