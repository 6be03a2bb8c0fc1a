/**
 * Everything D1 holds about an organization, read straight from the tables, so a test can show that a
 * refused request changed nothing (compare a snapshot before and after).
 */
import { asc, eq, inArray } from "drizzle-orm";
import * as schema from "../../db/schema";
import { db } from "./parley";

export async function orgState(orgId: string) {
  const d = db();
  const members = await d.select().from(schema.users).where(eq(schema.users.orgId, orgId)).orderBy(asc(schema.users.id)).all();
  const ids = members.map((m) => m.id);
  const ofMembers = <T>(rows: Promise<T[]>) => (ids.length ? rows : Promise.resolve([] as T[]));
  const [org, invites, numbers, sessions, audit, recoveryCodes, challenges] = await Promise.all([
    d.select().from(schema.organizations).where(eq(schema.organizations.id, orgId)).get(),
    d.select().from(schema.invites).where(eq(schema.invites.orgId, orgId)).orderBy(asc(schema.invites.id)).all(),
    d.select().from(schema.whatsappNumbers).where(eq(schema.whatsappNumbers.orgId, orgId)).orderBy(asc(schema.whatsappNumbers.id)).all(),
    d.select().from(schema.sessions).where(eq(schema.sessions.orgId, orgId)).orderBy(asc(schema.sessions.id)).all(),
    d.select().from(schema.auditLog).where(eq(schema.auditLog.orgId, orgId)).orderBy(asc(schema.auditLog.id)).all(),
    ofMembers(
      d.select().from(schema.recoveryCodes).where(inArray(schema.recoveryCodes.userId, ids)).orderBy(asc(schema.recoveryCodes.id)).all(),
    ),
    ofMembers(
      d
        .select()
        .from(schema.loginChallenges)
        .where(inArray(schema.loginChallenges.userId, ids))
        .orderBy(asc(schema.loginChallenges.id))
        .all(),
    ),
  ]);
  return { org, members, invites, numbers, sessions, audit, recoveryCodes, challenges };
}

export type OrgState = Awaited<ReturnType<typeof orgState>>;

export const userRow = (id: string) => db().select().from(schema.users).where(eq(schema.users.id, id)).get();
export const userByEmail = (email: string) => db().select().from(schema.users).where(eq(schema.users.email, email)).get();
export const sessionsOf = (userId: string) => db().select().from(schema.sessions).where(eq(schema.sessions.userId, userId)).all();
export const auditOf = (orgId: string, action?: string) =>
  db()
    .select()
    .from(schema.auditLog)
    .where(eq(schema.auditLog.orgId, orgId))
    .orderBy(asc(schema.auditLog.createdAt))
    .all()
    .then((rows) => (action ? rows.filter((r) => r.action === action) : rows));
