/**
 * Read replicas without stale reads for the agent who just wrote: every API request runs its D1
 * queries in one D1 session started from the bookmark the agent's client sends (`x-d1-bookmark`, the
 * latest one this API gave it), and the answer carries the session's newest bookmark back. A replica
 * then serves a read only once it has caught up to that agent's last write; a request without one
 * starts unconstrained (the first query may go anywhere; a write moves the session to the primary).
 *
 * The session replaces `DB` in this request's bindings, so every route and domain function reading
 * `c.env.DB` shares it without knowing; `openDb` takes it as it is (db/client.ts).
 */
import type { MiddlewareHandler } from "hono";

export const D1_BOOKMARK_HEADER = "x-d1-bookmark";
/** D1's bookmarks are short (~60 characters); anything far longer is not one. */
const MAX_BOOKMARK_CHARS = 256;

export function d1Sessions(): MiddlewareHandler<{ Bindings: { DB: D1Database } }> {
  return async (c, next) => {
    const sent = c.req.header(D1_BOOKMARK_HEADER);
    const session = openSession(c.env.DB, sent && sent.length <= MAX_BOOKMARK_CHARS ? sent : undefined);
    c.env = { ...c.env, DB: session as unknown as D1Database };
    await next();
    const latest = session.getBookmark() ?? sent;
    if (!latest) return;
    try {
      c.res.headers.set(D1_BOOKMARK_HEADER, latest);
    } catch {
      // Some answers' headers are immutable (a 101 upgrade, a stored object's stream): they go without one.
    }
  };
}

/** A bookmark D1 cannot read (forged, from another database) must not fail the request: start unconstrained. */
function openSession(d1: D1Database, bookmark: string | undefined): D1DatabaseSession {
  if (bookmark) {
    try {
      return d1.withSession(bookmark);
    } catch {
      // fall through
    }
  }
  return d1.withSession("first-unconstrained");
}
