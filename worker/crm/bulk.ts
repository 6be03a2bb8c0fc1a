/**
 * Bulk actions on chosen contacts or on everything a filter matches: one SQL statement each (so a
 * filter matching 100,000 contacts is one D1 write, not 100,000), bumping every touched contact's
 * version like a single edit does. Returns the touched rows so their agents can be told.
 */
import { and, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts, type Contact } from "../../db/schema";
import { contactEvents } from "../../db/tables/crm";
import type { BulkAction } from "../schemas/contacts";
import { addSegmentMembers } from "./segments";
import { requireStage } from "./stages";
import { requireLabels, requireMember, type Actor } from "./update-contact";

/** The columns each action writes (what its live frames carry). */
export const BULK_WRITES: Record<BulkAction["type"], (keyof Contact)[]> = {
  addTag: ["tags"],
  removeTag: ["tags"],
  addLabel: ["labels"],
  removeLabel: ["labels"],
  setStage: ["stage", "stageChangedAt"],
  setOwner: ["ownerId"],
  optOut: ["marketingOptOutAt", "marketingOptOutSource"],
  delete: [],
  addToSegment: [],
};

const withItem = (column: SQL, item: string) =>
  sql`case when exists (select 1 from json_each(${column}) where value = ${item}) then ${column} else json_insert(${column}, '$[#]', ${item}) end`;
const withoutItem = (column: SQL, item: string) =>
  sql`coalesce((select json_group_array(value) from json_each(${column}) where value <> ${item}), '[]')`;

export interface BulkResult {
  /** Contacts changed (or deleted, or added to the segment). */
  count: number;
  /** The changed rows as stored after the action (empty for delete and addToSegment). */
  rows: Contact[];
  deletedIds: string[];
}

export async function bulkUpdate(
  db: Db,
  actor: Actor,
  where: SQL,
  action: BulkAction,
  firstStage: string,
  now = Date.now(),
): Promise<BulkResult> {
  const { orgId } = actor;
  if (action.type === "addToSegment") {
    const ids = await db.select({ id: contacts.id }).from(contacts).where(where).all();
    const count = await addSegmentMembers(
      db,
      orgId,
      action.segmentId,
      ids.map((r) => r.id),
    );
    return { count, rows: [], deletedIds: [] };
  }
  if (action.type === "delete") {
    const deleted = await db.delete(contacts).where(where).returning({ id: contacts.id });
    return { count: deleted.length, rows: [], deletedIds: deleted.map((d) => d.id) };
  }
  const tags = sql`${contacts.tags}`;
  const labels = sql`${contacts.labels}`;
  let set: Record<string, unknown>;
  let only: SQL | undefined;
  switch (action.type) {
    case "addTag":
      set = { tags: withItem(tags, action.tag) };
      only = sql`not exists (select 1 from json_each(${contacts.tags}) where value = ${action.tag})`;
      break;
    case "removeTag":
      set = { tags: withoutItem(tags, action.tag) };
      only = sql`exists (select 1 from json_each(${contacts.tags}) where value = ${action.tag})`;
      break;
    case "addLabel":
      await requireLabels(db, orgId, [action.label]);
      set = { labels: withItem(labels, action.label) };
      only = sql`not exists (select 1 from json_each(${contacts.labels}) where value = ${action.label})`;
      break;
    case "removeLabel":
      set = { labels: withoutItem(labels, action.label) };
      only = sql`exists (select 1 from json_each(${contacts.labels}) where value = ${action.label})`;
      break;
    case "setStage":
      await requireStage(db, orgId, action.stage);
      set = { stage: action.stage, stageChangedAt: now };
      only = sql`coalesce(${contacts.stage}, ${firstStage}) <> ${action.stage}`;
      break;
    case "setOwner":
      if (action.ownerId) await requireMember(db, orgId, action.ownerId);
      set = { ownerId: action.ownerId };
      only = sql`${contacts.ownerId} is not ${action.ownerId}`;
      break;
    case "optOut":
      set = { marketingOptOutAt: now, marketingOptOutSource: "manual", marketingOptChangedAt: now };
      only = sql`(${contacts.marketingOptOutAt} is null or ${contacts.marketingOptOutAt} < coalesce(${contacts.marketingOptInAt}, 0))`;
      break;
  }
  const target = and(where, only);
  // The stage history gets its entries from the rows as they were, in the same batch as the move.
  const history =
    action.type === "setStage"
      ? [
          db.insert(contactEvents).select(
            db
              .select({
                id: sql<string>`'ce_' || lower(hex(randomblob(16)))`.as("id"),
                orgId: sql<string>`${orgId}`.as("org_id"),
                contactId: contacts.id,
                kind: sql<"stage">`'stage'`.as("kind"),
                detail: sql<string>`json_object('from', coalesce(${contacts.stage}, ${firstStage}), 'to', ${action.stage})`.as("detail"),
                byUserId: sql<string | null>`${actor.userId}`.as("by_user_id"),
                at: sql<number>`${now}`.as("at"),
              })
              .from(contacts)
              .where(target),
          ),
        ]
      : [];
  const update = db
    .update(contacts)
    .set({ ...set, version: sql`${contacts.version} + 1`, updatedAt: now })
    .where(target)
    .returning();
  const results = await db.batch([...history, update] as unknown as [typeof update]);
  const rows = results.at(-1) as Contact[];
  return { count: rows.length, rows, deletedIds: [] };
}

export const byIds = (orgId: string, ids: string[]) => and(sql`${contacts.orgId} = ${orgId}`, inArray(contacts.id, ids))!;
