/**
 * Sessions: a JWT in the cookie names a D1 row, and the row decides. Logout, password change, removal
 * and a lapsed heartbeat all end a session on its very next request, whatever the token's expiry says.
 */
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { Context } from "hono";
import type { AppEnv, AuthContext } from "../app-env";
import type { Db } from "../../db/client";
import { prepared } from "../../db/prepared";
import { organizations, sessions, users, type Organization, type User } from "../../db/schema";
import { setSessionCookie } from "./cookies";
import { deviceHash } from "./device";
import { signSessionToken, verifySessionToken } from "./tokens";

/** The app beats every 30 s; three missed beats and the session is over (unless the org stays signed in). */
export const HEARTBEAT_INTERVAL_MS = 30_000;
export const HEARTBEAT_GRACE_MS = 90_000;
/** The longest any session lives, heartbeat or not. */
export const SESSION_MAX_AGE_MS = 7 * 24 * 3600_000;

export function requestMeta(c: Context) {
  return { ip: c.req.header("cf-connecting-ip") ?? null, userAgent: c.req.header("user-agent")?.slice(0, 400) ?? null };
}

/** A new session row and a new token, set as the cookie: every sign-in gets a fresh token. */
export async function startSession(c: Context<AppEnv>, db: Db, user: User, org: Organization): Promise<string> {
  const now = Date.now();
  const id = crypto.randomUUID();
  const expiresAt = now + SESSION_MAX_AGE_MS;
  await db
    .insert(sessions)
    .values({ id, userId: user.id, orgId: org.id, ...requestMeta(c), deviceHash: await deviceHash(c), lastSeenAt: now, expiresAt });
  const token = await signSessionToken(c.env, { sub: user.id, org: org.id, jti: id }, expiresAt);
  setSessionCookie(c, token, org.staySignedIn ? expiresAt : null);
  return id;
}

export type SessionProblem = "missing" | "invalid" | "revoked" | "expired" | "heartbeat_lapsed";

const sessionRow = (db: DrizzleD1Database) =>
  db
    .select({ session: sessions, user: users, org: organizations })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, sessions.orgId))
    .where(
      and(
        eq(sessions.id, sql.placeholder("sessionId")),
        eq(sessions.userId, sql.placeholder("userId")),
        eq(sessions.orgId, sql.placeholder("orgId")),
        eq(users.orgId, sql.placeholder("orgId")),
      ),
    )
    .prepare();

export interface Authenticated {
  auth: AuthContext | SessionProblem;
  /** The read started beside the session's, or null if none started (no valid token). */
  beside: Promise<void> | null;
}

/**
 * The caller's user, org and session, or why there is none. `beside` is a read that needs only the
 * org, started in parallel with the session's, so a route that starts with one (the conversation in
 * its URL) waits for one D1 round trip, not two in a row. Until the session row is checked the org
 * is only what the signed token claims: await `beside` only once `auth` is a session. If it is not,
 * a failure of `beside` is dropped, never reported.
 */
export async function authenticate(
  env: Env,
  token: string | undefined,
  beside: ((orgId: string) => Promise<void>) | null = null,
  now = Date.now(),
): Promise<Authenticated> {
  if (!token) return { auth: "missing", beside: null };
  const claims = await verifySessionToken(env, token);
  if (!claims) return { auth: "invalid", beside: null };
  const started = beside?.(claims.org) ?? null;
  started?.catch(() => {});
  const row = await prepared(env.DB, sessionRow).get({ sessionId: claims.jti, userId: claims.sub, orgId: claims.org });
  return { auth: judge(row, now), beside: started };
}

function judge(row: AuthContext | undefined, now: number): AuthContext | SessionProblem {
  if (!row || row.session.revokedAt !== null) return "revoked";
  if (row.session.expiresAt <= now) return "expired";
  if (!row.org.staySignedIn && row.session.lastSeenAt < now - HEARTBEAT_GRACE_MS) return "heartbeat_lapsed";
  return row;
}

export async function touchSession(db: Db, sessionId: string, now = Date.now()): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
}

export async function revokeSession(db: Db, userId: string, sessionId: string): Promise<boolean> {
  const res = await db
    .update(sessions)
    .set({ revokedAt: Date.now() })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .run();
  return res.meta.changes > 0;
}

/** Ends every session of a user, or every one but `keep` (the caller's own). */
export function revokeAllSessions(db: Db, userId: string, keep?: string) {
  return db
    .update(sessions)
    .set({ revokedAt: Date.now() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keep ? ne(sessions.id, keep) : undefined));
}
