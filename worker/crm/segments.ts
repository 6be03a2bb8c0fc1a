/**
 * Saved segments: a named ContactFilter, evaluated live, plus the contacts added to it by hand.
 * Broadcasts select their audience through `segmentWhere` (to INSERT … SELECT recipients in SQL) or
 * `resolveSegment` (the rows, in id order, page by page).
 */
import { and, asc, eq, gt, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts, type Contact } from "../../db/schema";
import { segmentMembers, segments, type Segment } from "../../db/tables/crm";
import type { JsonObject } from "../../durable/protocol";
import { AppError } from "../errors";
import { isUniqueViolation } from "./unique-violation";
import { contactFilter, type ContactFilter } from "../schemas/contacts";
import { safeParse } from "zod/mini";
import { filterSql, type FilterContext } from "./contact-filter";
import { filterContext } from "./filter-context";

export type SegmentView = Omit<Segment, "orgId" | "filter"> & { filter: ContactFilter };

const toView = ({ orgId: _o, filter, ...s }: Segment): SegmentView => {
  // Stored filters were validated on save; a field removed since then is refused when the filter runs.
  const parsed = safeParse(contactFilter, filter);
  return { ...s, filter: parsed.success ? parsed.data : { match: "all", rules: [] } };
};

export async function findSegment(db: Db, orgId: string, id: string): Promise<SegmentView> {
  const row = await db
    .select()
    .from(segments)
    .where(and(eq(segments.id, id), eq(segments.orgId, orgId)))
    .get();
  if (!row) throw new AppError(404, "segment_not_found", "No such segment in your organization.");
  return toView(row);
}

export async function listSegments(db: Db, orgId: string): Promise<SegmentView[]> {
  const rows = await db.select().from(segments).where(eq(segments.orgId, orgId)).orderBy(asc(segments.name)).all();
  return rows.map(toView);
}

export async function saveSegment(
  db: Db,
  orgId: string,
  userId: string,
  body: { name: string; filter: ContactFilter },
  id?: string,
): Promise<SegmentView> {
  const now = Date.now();
  try {
    if (id) {
      const res = await db
        .update(segments)
        .set({ name: body.name, filter: body.filter as unknown as JsonObject, updatedAt: now })
        .where(and(eq(segments.id, id), eq(segments.orgId, orgId)))
        .run();
      if (!res.meta.changes) throw new AppError(404, "segment_not_found", "No such segment in your organization.");
      return findSegment(db, orgId, id);
    }
    const row = {
      id: `sg_${crypto.randomUUID()}`,
      orgId,
      name: body.name,
      filter: body.filter as unknown as JsonObject,
      createdBy: userId,
      createdAt: now,
      updatedAt: now,
    };
    await db.insert(segments).values(row);
    return toView(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(409, "segment_name_taken", `name: a segment "${body.name}" already exists.`);
    throw err;
  }
}

export async function deleteSegment(db: Db, orgId: string, id: string): Promise<void> {
  const res = await db
    .delete(segments)
    .where(and(eq(segments.id, id), eq(segments.orgId, orgId)))
    .run();
  if (!res.meta.changes) throw new AppError(404, "segment_not_found", "No such segment in your organization.");
}

/** Adds contacts to a segment by hand; ids outside the org are ignored. Returns how many were added. */
export async function addSegmentMembers(db: Db, orgId: string, segmentId: string, contactIds: string[]): Promise<number> {
  await findSegment(db, orgId, segmentId);
  if (!contactIds.length) return 0;
  const res = await db.run(sql`insert or ignore into ${segmentMembers} (segment_id, contact_id, org_id)
    select ${segmentId}, ${contacts.id}, ${orgId} from ${contacts}
    where ${contacts.orgId} = ${orgId} and ${contacts.id} in (${sql.join(
      contactIds.map((id) => sql`${id}`),
      sql`, `,
    )})`);
  return res.meta.changes ?? 0;
}

const members = (segmentId: string) =>
  sql`${contacts.id} in (select ${segmentMembers.contactId} from ${segmentMembers} where ${segmentMembers.segmentId} = ${segmentId})`;

/** The segment as a condition on contacts: its filter's matches or its hand-added members. */
export async function segmentCondition(db: Db, orgId: string, segmentId: string, ctx: FilterContext): Promise<SQL> {
  const segment = await findSegment(db, orgId, segmentId);
  const matches = segment.filter.rules.length ? filterSql(orgId, segment.filter, ctx) : undefined;
  return and(eq(contacts.orgId, orgId), matches ? or(matches, members(segmentId)) : members(segmentId))!;
}

/** What Broadcasts select recipients with: a saved segment (by id) or a filter, as one condition on `contacts`. */
export async function segmentWhere(db: Db, orgId: string, audience: { segmentId: string } | ContactFilter): Promise<SQL> {
  const ctx = await filterContext(db, orgId);
  return "segmentId" in audience ? segmentCondition(db, orgId, audience.segmentId, ctx) : filterSql(orgId, audience, ctx);
}

/**
 * Every contact a segment or filter matches, in id order. Pass `after` (the last id of the previous
 * call) and `limit` to walk a large audience page by page.
 */
export async function resolveSegment(
  db: Db,
  orgId: string,
  audience: { segmentId: string } | ContactFilter,
  page: { after?: string; limit?: number } = {},
): Promise<Contact[]> {
  const where = await segmentWhere(db, orgId, audience);
  const query = db
    .select()
    .from(contacts)
    .where(and(where, page.after ? gt(contacts.id, page.after) : undefined))
    .orderBy(asc(contacts.id));
  return page.limit ? query.limit(page.limit).all() : query.all();
}

export async function removeSegmentMembers(db: Db, orgId: string, contactIds: string[]): Promise<void> {
  if (contactIds.length)
    await db.delete(segmentMembers).where(and(eq(segmentMembers.orgId, orgId), inArray(segmentMembers.contactId, contactIds)));
}
