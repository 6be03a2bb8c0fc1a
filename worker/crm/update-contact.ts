/**
 * Editing a contact, field by field: only the fields in the patch are written (custom fields key by key,
 * with json_set), so two agents editing different fields of one contact both keep their change; on the
 * same field the later write wins. Every edit bumps the contact's version, which the live frame carries.
 */
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../../db/client";
import { toContactView, type ContactView } from "../../db/contact-view";
import { contacts, users, type Contact } from "../../db/schema";
import { contactEvents, labels as labelsTable, type ContactEventKind } from "../../db/tables/crm";
import type { JsonObject } from "../../durable/protocol";
import { AppError } from "../errors";
import type { ContactPatch } from "../schemas/contacts";
import { listCustomFields, mergeFieldValues } from "./custom-fields";
import { listStages, firstStageKey } from "./stages";

export interface Actor {
  orgId: string;
  /** Null for Parley itself (imports, merges). */
  userId: string | null;
}

export interface ContactEdit {
  contact: ContactView;
  /** The fields this edit wrote, as stored after it, for the live frame. */
  changes: Partial<ContactView>;
  version: number;
}

export async function findContact(db: Db, orgId: string, id: string): Promise<Contact> {
  const row = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, id), eq(contacts.orgId, orgId)))
    .get();
  if (!row) throw new AppError(404, "contact_not_found", "No such contact in your organization.");
  return row;
}

export async function requireMember(db: Db, orgId: string, userId: string): Promise<void> {
  const member = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, orgId)))
    .get();
  if (!member) throw new AppError(422, "member_not_found", "ownerId: no such member in your organization.");
}

export async function requireLabels(db: Db, orgId: string, names: string[]): Promise<void> {
  if (!names.length) return;
  const known = await db
    .select({ name: labelsTable.name })
    .from(labelsTable)
    .where(and(eq(labelsTable.orgId, orgId), inArray(labelsTable.name, names)))
    .all();
  const missing = names.filter((n) => !known.some((k) => k.name === n));
  if (missing.length) throw new AppError(422, "unknown_label", `labels: "${missing[0]}" is not one of your organization's labels.`);
}

/** Which columns each patch key writes: the frame carries exactly these. */
const WRITES: Record<keyof ContactPatch, (keyof Contact)[]> = {
  displayName: ["displayName"],
  email: ["email"],
  address: ["address"],
  language: ["language"],
  notes: ["notes"],
  tags: ["tags"],
  labels: ["labels"],
  stage: ["stage", "stageChangedAt"],
  leadScore: ["leadScore", "leadScoreSource", "leadScoreBy", "leadScoreAt"],
  ownerId: ["ownerId"],
  customFields: ["customFields"],
  marketing: [
    "marketingOptInAt",
    "marketingOptInSource",
    "marketingOptInBasis",
    "marketingOptInBy",
    "marketingOptOutAt",
    "marketingOptOutSource",
  ],
};

export async function updateContact(db: Db, actor: Actor, id: string, patch: ContactPatch, now = Date.now()): Promise<ContactEdit> {
  const current = await findContact(db, actor.orgId, id);
  const set: Partial<typeof contacts.$inferInsert> = {};
  const events: { kind: ContactEventKind; detail: JsonObject }[] = [];

  if (patch.displayName !== undefined) set.displayName = patch.displayName || null;
  if (patch.email !== undefined) set.email = patch.email?.toLowerCase() ?? null;
  if (patch.address !== undefined) set.address = patch.address;
  if (patch.language !== undefined) set.language = patch.language;
  if (patch.notes !== undefined) set.notes = patch.notes;
  if (patch.tags !== undefined) set.tags = [...new Set(patch.tags)];
  if (patch.labels !== undefined) {
    await requireLabels(db, actor.orgId, patch.labels);
    set.labels = [...new Set(patch.labels)];
  }
  if (patch.stage !== undefined) {
    const stages = await listStages(db, actor.orgId);
    if (!stages.some((s) => s.key === patch.stage)) {
      throw new AppError(422, "unknown_stage", `stage: "${patch.stage}" is not one of your organization's lifecycle stages.`);
    }
    const from = current.stage ?? firstStageKey(stages);
    if (from !== patch.stage) {
      set.stage = patch.stage;
      set.stageChangedAt = now;
      events.push({ kind: "stage", detail: { from, to: patch.stage } });
    }
  }
  if (patch.leadScore !== undefined) {
    Object.assign(set, { leadScore: patch.leadScore, leadScoreSource: "manual", leadScoreBy: actor.userId, leadScoreAt: now });
    events.push({ kind: "lead_score", detail: { from: current.leadScore, to: patch.leadScore, source: "manual" } });
  }
  if (patch.ownerId !== undefined) {
    if (patch.ownerId) await requireMember(db, actor.orgId, patch.ownerId);
    set.ownerId = patch.ownerId;
    events.push({ kind: "owner", detail: { from: current.ownerId, to: patch.ownerId } });
  }
  let customFieldsSql: SQL | null = null;
  if (patch.customFields !== undefined) {
    const defs = await listCustomFields(db, actor.orgId);
    // Validated against the current values (for required fields), then written key by key.
    const merged = mergeFieldValues(defs, current.customFields, patch.customFields);
    customFieldsSql = sql`${contacts.customFields}`;
    for (const key of Object.keys(patch.customFields)) {
      customFieldsSql =
        key in merged
          ? sql`json_set(${customFieldsSql}, ${`$.${key}`}, json(${JSON.stringify(merged[key])}))`
          : sql`json_remove(${customFieldsSql}, ${`$.${key}`})`;
    }
  }
  if (patch.marketing) {
    if (patch.marketing.status === "opted_in") {
      Object.assign(set, {
        marketingOptInAt: now,
        marketingOptInSource: "manual",
        marketingOptInBasis: patch.marketing.basis,
        marketingOptInBy: actor.userId,
        marketingOptChangedAt: now,
      });
      events.push({ kind: "opt_in", detail: { source: "manual", basis: patch.marketing.basis } });
    } else {
      Object.assign(set, { marketingOptOutAt: now, marketingOptOutSource: "manual", marketingOptChangedAt: now });
      events.push({ kind: "opt_out", detail: { source: "manual" } });
    }
  }

  const where = and(eq(contacts.id, id), eq(contacts.orgId, actor.orgId));
  const update = db
    .update(contacts)
    .set({ ...set, ...(customFieldsSql && { customFields: customFieldsSql }), version: sql`${contacts.version} + 1`, updatedAt: now })
    .where(where)
    .returning();
  const eventRows = events.map((e) => ({
    id: `ce_${crypto.randomUUID()}`,
    orgId: actor.orgId,
    contactId: id,
    byUserId: actor.userId,
    at: now,
    ...e,
  }));
  const [updated] = await db.batch([update, ...(eventRows.length ? [db.insert(contactEvents).values(eventRows)] : [])] as [
    typeof update,
    ...BatchItem<"sqlite">[],
  ]);
  const row = updated[0];
  if (!row) throw new AppError(404, "contact_not_found", "No such contact in your organization.");
  const written = new Set(Object.keys(patch).flatMap((k) => WRITES[k as keyof ContactPatch]));
  const view = toContactView(row);
  const changes: Partial<ContactView> = { updatedAt: row.updatedAt };
  for (const k of written) (changes as Record<string, unknown>)[k] = view[k as keyof ContactView];
  if (patch.marketing) changes.marketingStatus = view.marketingStatus;
  return { contact: view, changes, version: row.version };
}
