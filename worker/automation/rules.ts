/**
 * The org's rules: listed in order, created at the end, edited, deleted, reordered. Everything a rule
 * names (members, labels, stages, custom fields, a regular expression) is checked when it is saved, so
 * a rule that saved can run.
 */
import { and, asc, count, eq, inArray, max } from "drizzle-orm";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import { automationRules, type AutomationRule } from "../../db/tables/automation";
import { enforceLimit } from "../billing/enforce";
import { listCustomFields } from "../crm/custom-fields";
import { requireLabels } from "../crm/update-contact";
import { requireStage } from "../crm/stages";
import { AppError } from "../errors";
import type { Action, Condition, RuleBody, RulePatch } from "../schemas/automation";

export type RuleView = Omit<AutomationRule, "orgId" | "turns">;

const view = ({ orgId: _o, turns: _t, ...rule }: AutomationRule): RuleView => rule;

export async function listRules(db: Db, orgId: string): Promise<RuleView[]> {
  const rows = await db
    .select()
    .from(automationRules)
    .where(eq(automationRules.orgId, orgId))
    .orderBy(asc(automationRules.position), asc(automationRules.createdAt))
    .all();
  return rows.map(view);
}

async function findRule(db: Db, orgId: string, id: string): Promise<AutomationRule> {
  const row = await db
    .select()
    .from(automationRules)
    .where(and(eq(automationRules.id, id), eq(automationRules.orgId, orgId)))
    .get();
  if (!row) throw new AppError(404, "rule_not_found", "No such automation rule in your organization.");
  return row;
}

/** What the automation-rules limit counts: every rule, on or off (switching one off does not free a place). */
export async function ruleCount(db: Db, orgId: string): Promise<number> {
  const row = await db.select({ n: count() }).from(automationRules).where(eq(automationRules.orgId, orgId)).get();
  return row?.n ?? 0;
}

export async function createRule(db: Db, orgId: string, body: RuleBody, now = Date.now()): Promise<RuleView> {
  const existing = await db
    .select({ n: count(), last: max(automationRules.position) })
    .from(automationRules)
    .where(eq(automationRules.orgId, orgId))
    .get();
  // The same count the billing meter shows (ruleCount), read here beside the position.
  await enforceLimit(db, orgId, "automationRules", { used: existing?.n ?? 0 });
  await checkReferences(db, orgId, body.conditions, body.actions);
  const row = {
    id: `rule_${crypto.randomUUID()}`,
    orgId,
    ...body,
    position: (existing?.last ?? -1) + 1,
    createdAt: now,
    updatedAt: now,
  };
  await db.insert(automationRules).values(row);
  return view({ ...row, turns: 0 });
}

export async function updateRule(db: Db, orgId: string, id: string, patch: RulePatch, now = Date.now()): Promise<RuleView> {
  const current = await findRule(db, orgId, id);
  await checkReferences(db, orgId, patch.conditions ?? [], patch.actions ?? []);
  const set = { ...patch, updatedAt: now };
  await db
    .update(automationRules)
    .set(set)
    .where(and(eq(automationRules.id, id), eq(automationRules.orgId, orgId)));
  return view({ ...current, ...set });
}

export async function deleteRule(db: Db, orgId: string, id: string): Promise<void> {
  await findRule(db, orgId, id);
  await db.delete(automationRules).where(and(eq(automationRules.id, id), eq(automationRules.orgId, orgId)));
}

/** `ids` must be exactly the org's rules, in their new order: a stale screen cannot drop or invent one. */
export async function reorderRules(db: Db, orgId: string, ids: string[]): Promise<RuleView[]> {
  const rules = await listRules(db, orgId);
  const known = new Set(rules.map((r) => r.id));
  if (ids.length !== known.size || new Set(ids).size !== ids.length || ids.some((id) => !known.has(id)))
    throw new AppError(409, "rules_changed", "The rules changed since this list was loaded; reload and order them again.");
  const [first, ...rest] = ids.map((id, position) =>
    db
      .update(automationRules)
      .set({ position })
      .where(and(eq(automationRules.id, id), eq(automationRules.orgId, orgId))),
  );
  if (first) await db.batch([first, ...rest]);
  return listRules(db, orgId);
}

async function checkReferences(db: Db, orgId: string, conditions: Condition[], actions: Action[]): Promise<void> {
  for (const [i, c] of conditions.entries()) {
    if (c.field === "message" && c.op === "matches") compilePattern(c.value, `conditions.${i}.value`);
  }
  const members = [
    ...new Set(
      actions.flatMap((a): string[] =>
        a.type === "assign_agent" ? [a.userId] : a.type === "assign_round_robin" || a.type === "assign_least_open" ? (a.userIds ?? []) : [],
      ),
    ),
  ];
  if (members.length) {
    const found = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, orgId), inArray(users.id, members)))
      .all();
    const missing = members.find((m) => !found.some((f) => f.id === m));
    if (missing) throw new AppError(422, "member_not_found", `actions: "${missing}" is not a member of your organization.`);
  }
  const labels = [
    ...actions.flatMap((a) => (a.type === "add_label" || a.type === "remove_label" ? [a.label] : [])),
    ...conditions.flatMap((c) => (c.field === "label" ? [c.value] : [])),
  ];
  await requireLabels(db, orgId, [...new Set(labels)]);
  const stages = [
    ...actions.flatMap((a) => (a.type === "set_stage" ? [a.stage] : [])),
    ...conditions.flatMap((c) => (c.field === "stage" ? [c.value] : [])),
  ];
  for (const s of new Set(stages)) await requireStage(db, orgId, s);
  const fieldKeys = [
    ...actions.flatMap((a) => (a.type === "set_field" ? [a.key] : [])),
    ...conditions.flatMap((c) => (c.field === "custom_field" ? [c.key] : [])),
  ];
  if (fieldKeys.length) {
    const fields = await listCustomFields(db, orgId);
    const missing = fieldKeys.find((k) => !fields.some((f) => f.key === k));
    if (missing) throw new AppError(422, "unknown_field", `"${missing}" is not one of your organization's custom fields.`);
  }
}

/** Case-insensitive; a pattern that does not compile is refused when the rule is saved, not when it runs. */
export function compilePattern(source: string, where = "pattern"): RegExp {
  try {
    return new RegExp(source, "iu");
  } catch {
    throw new AppError(422, "invalid_regex", `${where}: "${source}" is not a valid regular expression.`);
  }
}
