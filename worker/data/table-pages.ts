/** Reading an export table's rows in keyset pages, and writing CSV lines. */
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client";
import type { ExportTable } from "./export-tables";

export type PageKey = string | number | null;

/** One page of a table's rows for `orgId`, after key `after`; `last` is the key to continue after. */
export async function readPage(
  db: Db,
  spec: ExportTable,
  orgId: string,
  after: PageKey,
  limit: number,
): Promise<{ rows: Record<string, unknown>[]; last: PageKey }> {
  const key: SQL | SQLiteColumn = spec.key === "rowid" ? sql`rowid` : spec.key;
  const where: SQL[] = [eq(spec.org, orgId)];
  if (after !== null) where.push(sql`${key} > ${after}`);
  const rows = (await db
    .select({ ...spec.columns, _key: key })
    .from(spec.table)
    .where(and(...where))
    .orderBy(asc(key))
    .limit(limit)
    .all()) as Record<string, unknown>[];
  const last = rows.length ? (rows[rows.length - 1]!._key as PageKey) : after;
  for (const r of rows) delete r._key;
  return { rows, last };
}

/** One CSV line (RFC 4180): objects and arrays as JSON, null as empty. */
export function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s = typeof v === "object" ? JSON.stringify(v) : String(v);
  // A customer's text opened in a spreadsheet must not run as a formula.
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
