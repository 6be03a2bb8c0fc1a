/**
 * The contacts list: a filter, a sort and a cursor. Each sort is one of the `contacts_org_*` indexes'
 * exact expressions followed by id, so a page is a walk down that index that stops after `limit`
 * matches, never a sort of the org's whole table (test/worker/crm-contacts-list.test.ts checks the plans).
 */
import { and, asc, desc, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { ContactView } from "../../db/contact-view";
import { contactSortLastInbound, contactSortName, contactSortScore, contacts } from "../../db/schema";
import { AppError } from "../errors";
import type { ContactFilter, ContactSort, ListContactsQuery } from "../schemas/contacts";
import { contactFilter } from "../schemas/contacts";
import { safeParse } from "zod/mini";
import { contactViews } from "./contacts";
import { filterSql } from "./contact-filter";
import { filterContext } from "./filter-context";
import { segmentCondition } from "./segments";

export const SORT_KEYS: Record<ContactSort, SQL> = {
  updatedAt: sql`${contacts.updatedAt}`,
  createdAt: sql`${contacts.createdAt}`,
  name: contactSortName(contacts.displayName, contacts.profileName),
  lastInboundAt: contactSortLastInbound(contacts.lastInboundAt),
  leadScore: contactSortScore(contacts.leadScore),
};

/** The `filter` query parameter: JSON of a ContactFilter, checked like a body. */
export function parseFilterParam(raw: string | undefined): ContactFilter | undefined {
  if (!raw) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError(400, "invalid_query", "filter: not valid JSON.");
  }
  const parsed = safeParse(contactFilter, json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError(400, "invalid_query", `filter.${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

const encodeCursor = (value: string | number, id: string) => btoa(JSON.stringify([value, id]));
function decodeCursor(cursor: string): [string | number, string] {
  try {
    const [value, id] = JSON.parse(atob(cursor)) as unknown[];
    if ((typeof value === "string" || typeof value === "number") && typeof id === "string") return [value, id];
  } catch {}
  throw new AppError(400, "invalid_cursor", "That page cursor is not valid; start from the first page.");
}

/** Where a list's rows come from: the filter (with `q` as a search rule) and, if given, a segment. */
export async function listCondition(db: Db, orgId: string, q: Pick<ListContactsQuery, "q" | "filter" | "segmentId">): Promise<SQL> {
  const ctx = await filterContext(db, orgId);
  const search: ContactFilter | undefined = q.q ? { match: "all", rules: [{ field: "search", op: "contains", value: q.q }] } : undefined;
  return and(
    filterSql(orgId, parseFilterParam(q.filter), ctx),
    search ? filterSql(orgId, search, ctx) : undefined,
    q.segmentId ? await segmentCondition(db, orgId, q.segmentId, ctx) : undefined,
  )!;
}

export function pageQuery(db: Db, where: SQL, q: Pick<ListContactsQuery, "sort" | "dir" | "cursor" | "limit">) {
  const key = SORT_KEYS[q.sort];
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const cmp = q.dir === "desc" ? sql`<` : sql`>`;
  const seek = after
    ? or(sql`${key} ${cmp} ${after[0]}`, and(sql`${key} = ${after[0]}`, sql`${contacts.id} ${cmp} ${after[1]}`))
    : undefined;
  const order = q.dir === "desc" ? [desc(key), desc(contacts.id)] : [asc(key), asc(contacts.id)];
  return db
    .select({ contact: contacts, sortValue: sql<string | number>`${key}` })
    .from(contacts)
    .where(and(where, seek))
    .orderBy(...order)
    .limit(q.limit + 1);
}

export async function listContacts(
  db: Db,
  orgId: string,
  q: ListContactsQuery,
): Promise<{ contacts: ContactView[]; nextCursor: string | null }> {
  const rows = await pageQuery(db, await listCondition(db, orgId, q), q).all();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    contacts: await contactViews(
      db,
      orgId,
      page.map((r) => r.contact),
    ),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.sortValue, last.contact.id) : null,
  };
}

/** How many contacts a condition matches (segment sizes, bulk confirmations). */
export async function countContacts(db: Db, where: SQL): Promise<number> {
  const row = await db.select({ n: sql<number>`count(*)` }).from(contacts).where(where).get();
  return row?.n ?? 0;
}
