import { drizzle } from "drizzle-orm/d1";

export type Db = ReturnType<typeof openDb>;

/**
 * Every request reads through a D1 session, so read replicas can be switched on without code changes.
 * `first-unconstrained` is right for a request that reads then writes: the session moves to the primary
 * at its first write and stays consistent with it. `first-primary` is for a read that must see every
 * write already acknowledged anywhere (which org owns a number, as webhooks are routed).
 */
export function openDb(d1: D1Database, constraint: "first-unconstrained" | "first-primary" = "first-unconstrained") {
  // An API request's DB is already its session, started from the agent's bookmark (worker/middleware/d1-bookmark.ts).
  // drizzle's D1 types name D1Database only; a session has the same prepare/batch surface.
  const session = ("withSession" in d1 ? d1.withSession(constraint) : d1) as unknown as D1Database;
  // No `schema`: Parley writes plain select/insert queries, and passing it makes drizzle rebuild its
  // relational map of every table on each call (a measured 1% of a webhook's CPU).
  return drizzle(session);
}
