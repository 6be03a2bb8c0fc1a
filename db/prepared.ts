/**
 * drizzle builds a query's SQL text on every call: about a quarter of a millisecond for a three-table
 * join of whole rows (a tenth of an API request's CPU in a profile of sends), and 16% of the runtime's
 * CPU for the projection upserts under batched ingest. The statements that run for every request or
 * message build theirs once per isolate, with placeholders, on the database binding itself. The
 * lookups among them are single reads on the primary, so they see every committed write, as a
 * request's first read through a session would.
 */
import { fillPlaceholders, is, Param, Placeholder } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";

type Build<T> = (db: DrizzleD1Database) => T;

const built = new WeakMap<D1Database, Map<Build<unknown>, unknown>>();

/** `build` is a module-level function, so it identifies the query. */
export function prepared<T>(d1: D1Database, build: Build<T>): T {
  let queries = built.get(d1);
  if (!queries) built.set(d1, (queries = new Map()));
  let query = queries.get(build) as T | undefined;
  if (query === undefined) queries.set(build, (query = build(drizzle(d1))));
  return query;
}

/** One statement of a D1 `batch()`, and how to read its result's rows as drizzle would have. */
export interface BatchStatement {
  statement: D1PreparedStatement;
  rows(result: D1Result): unknown[];
}

/** The parts of a drizzle D1 prepared query a batch needs (drizzle's own batch() takes builders only). */
interface PreparedQuery {
  getQuery(): { sql: string; params: unknown[] };
  mapAllResult(result: unknown, isFromBatch?: boolean): unknown;
}

/** A query `prepared()` built with placeholders, bound to this call's values (encoded by their columns). */
export function bindPrepared(d1: D1Database, query: PreparedQuery, values: Record<string, unknown>): BatchStatement {
  const { sql, params } = query.getQuery();
  return { statement: d1.prepare(sql).bind(...fill(params, values)), rows: (result) => query.mapAllResult(result, true) as unknown[] };
}

/**
 * drizzle's fillPlaceholders, except that null stays NULL: building a query drizzle skips a column's
 * encoder for null, but filling a placeholder it encodes it (a JSON column would store the text 'null').
 */
function fill(params: unknown[], values: Record<string, unknown>): unknown[] {
  const filled = fillPlaceholders(params, values);
  return params.map((p, i) => (is(p, Param) && is(p.value, Placeholder) && values[p.value.name] === null ? null : filled[i]));
}

/** A one-off drizzle statement (too rare to prepare) for the same batch; its rows are not read. */
export function bindBuilt(d1: D1Database, query: { toSQL(): { sql: string; params: unknown[] } }): BatchStatement {
  const { sql, params } = query.toSQL();
  return { statement: d1.prepare(sql).bind(...params), rows: () => [] };
}
