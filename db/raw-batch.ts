/**
 * One D1 batch (one transaction) mixing drizzle builders and hand-written `sql` statements. drizzle's own
 * batch() takes builders only, and the statements whose effect hangs on an earlier one in the same
 * batch (`insert … select … where exists`) are plain SQL.
 */
import type { SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "./client";

const dialect = new SQLiteSyncDialect();

export type BatchItem = SQL | { toSQL(): { sql: string; params: unknown[] } };

function prepare(d1: D1Database, item: BatchItem): D1PreparedStatement {
  const q = "toSQL" in item ? item.toSQL() : dialect.sqlToQuery(item);
  return d1.prepare(q.sql).bind(...q.params);
}

export function runBatch(db: Db, items: BatchItem[]): Promise<D1Result[]> {
  const d1 = (db as unknown as { $client: D1Database }).$client;
  return items.length ? d1.batch(items.map((i) => prepare(d1, i))) : Promise.resolve([]);
}
