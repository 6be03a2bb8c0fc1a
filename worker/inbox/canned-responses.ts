/**
 * Canned responses: the org's saved replies, inserted in the composer with `/shortcut`. Admins manage
 * them, every agent reads them. A shortcut is unique in its org; every read and write is by org id.
 */
import { and, asc, count, eq, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type CannedResponse, cannedResponses } from "../../db/schema";
import { AppError } from "../errors";
import type { CannedResponseBody } from "../schemas/inbox";

/** Enough for any team's library, small enough that the composer loads the whole list at once. */
export const MAX_CANNED_RESPONSES = 500;

export type PublicCannedResponse = Omit<CannedResponse, "orgId">;

const publicRow = ({ orgId: _o, ...row }: CannedResponse): PublicCannedResponse => row;

const taken = (shortcut: string) => new AppError(409, "shortcut_taken", `/${shortcut} is already a canned response.`);
const notFound = () => new AppError(404, "canned_not_found", "No such canned response in your organization.");

export async function listCanned(db: Db, orgId: string): Promise<PublicCannedResponse[]> {
  const rows = await db.select().from(cannedResponses).where(eq(cannedResponses.orgId, orgId)).orderBy(asc(cannedResponses.shortcut)).all();
  return rows.map(publicRow);
}

async function shortcutTaken(db: Db, orgId: string, shortcut: string, exceptId?: string): Promise<boolean> {
  const same = and(eq(cannedResponses.orgId, orgId), eq(cannedResponses.shortcut, shortcut));
  const row = await db
    .select({ id: cannedResponses.id })
    .from(cannedResponses)
    .where(exceptId === undefined ? same : and(same, ne(cannedResponses.id, exceptId)))
    .get();
  return row !== undefined;
}

/** The unique index is the real guard (two admins at once); the checks before it give the clear answer. */
const isUniqueViolation = (err: unknown) => String(err).includes("UNIQUE") || String((err as { cause?: unknown }).cause).includes("UNIQUE");

export async function createCanned(db: Db, orgId: string, body: CannedResponseBody, now: number): Promise<PublicCannedResponse> {
  const [existing] = await db.select({ n: count() }).from(cannedResponses).where(eq(cannedResponses.orgId, orgId)).all();
  if ((existing?.n ?? 0) >= MAX_CANNED_RESPONSES) {
    throw new AppError(409, "canned_limit", `An organization can keep up to ${MAX_CANNED_RESPONSES} canned responses; delete one first.`);
  }
  if (await shortcutTaken(db, orgId, body.shortcut)) throw taken(body.shortcut);
  const row: CannedResponse = { id: crypto.randomUUID(), orgId, ...body, createdAt: now, updatedAt: now };
  try {
    await db.insert(cannedResponses).values(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(body.shortcut);
    throw err;
  }
  return publicRow(row);
}

export async function updateCanned(
  db: Db,
  orgId: string,
  id: string,
  body: CannedResponseBody,
  now: number,
): Promise<PublicCannedResponse> {
  const where = and(eq(cannedResponses.id, id), eq(cannedResponses.orgId, orgId));
  if (!(await db.select({ id: cannedResponses.id }).from(cannedResponses).where(where).get())) throw notFound();
  if (await shortcutTaken(db, orgId, body.shortcut, id)) throw taken(body.shortcut);
  let row: CannedResponse | undefined;
  try {
    row = await db
      .update(cannedResponses)
      .set({ ...body, updatedAt: now })
      .where(where)
      .returning()
      .get();
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(body.shortcut);
    throw err;
  }
  if (!row) throw notFound();
  return publicRow(row);
}

export async function deleteCanned(db: Db, orgId: string, id: string): Promise<void> {
  const res = await db
    .delete(cannedResponses)
    .where(and(eq(cannedResponses.id, id), eq(cannedResponses.orgId, orgId)))
    .run();
  if (!res.meta.changes) throw notFound();
}
