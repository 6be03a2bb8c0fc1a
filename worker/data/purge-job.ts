/**
 * Purging a terminated organization after its grace period, as Queue steps (an org may have more rooms
 * than one invocation can reach): every conversation room's storage, every campaign runner's, the org's R2 objects (media,
 * uploads, exports, backups), its OrgInbox storage, then every D1 row that names the org. Each step
 * re-checks that the org is still terminated and past grace, so a cancelled termination stops it.
 */
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { openDb, type Db } from "../../db/client";
import { conversations, organizations } from "../../db/schema";
import { campaigns } from "../../db/tables/campaigns";
import { roomStub } from "../../durable/room-stub";
import { runnerOf } from "../campaigns/runner";
import { deletePrefix } from "./backups";

export interface PurgeJob {
  kind: "data.purge";
  orgId: string;
  /** The cron's clock when it started the purge: the grace period is judged against it. */
  now: number;
}

/** Rooms destroyed per step before handing on: each is one RPC. */
const ROOMS_PER_STEP = 1000;
const PAGE = 100;

/** Every R2 prefix that holds an org's objects. */
export const orgPrefixes = (orgId: string) => [`media/${orgId}/`, `uploads/${orgId}/`, `data/${orgId}/`];

export async function runPurgeStep(env: Env, job: PurgeJob): Promise<void> {
  const db = openDb(env.DB);
  const org = await db.select().from(organizations).where(eq(organizations.id, job.orgId)).get();
  if (!org?.terminatedAt || org.purgeAfter === null || org.purgeAfter > job.now) return;

  let destroyed = 0;
  while (destroyed < ROOMS_PER_STEP) {
    const ids = (
      await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.orgId, org.id)).limit(PAGE).all()
    ).map((r) => r.id);
    if (!ids.length) break;
    await Promise.all(ids.map((id) => roomStub(env.CONVERSATION_ROOM, org.id, id).destroy()));
    await db.delete(conversations).where(inArray(conversations.id, ids));
    destroyed += ids.length;
  }
  if (destroyed >= ROOMS_PER_STEP) {
    await env.JOBS.send(job);
    return;
  }
  await purgeCampaignRunners(env, db, org.id);
  for (const prefix of orgPrefixes(org.id)) await deletePrefix(env.MEDIA, prefix);
  await env.ORG_INBOX.getByName(org.id).purge();
  await env.SEARCH_INDEX.getByName(org.id).purge();
  await deleteOrgRows(db, env.DB, org.id);
  console.log("organization purged", { orgId: org.id });
}

/** Each campaign's runner object: its claims, progress and any alarm (a scheduled send) go with the org. */
async function purgeCampaignRunners(env: Env, db: Db, orgId: string): Promise<void> {
  let after = "";
  for (;;) {
    const ids = (
      await db
        .select({ id: campaigns.id })
        .from(campaigns)
        .where(and(eq(campaigns.orgId, orgId), gt(campaigns.id, after)))
        .orderBy(asc(campaigns.id))
        .limit(PAGE)
        .all()
    ).map((r) => r.id);
    if (!ids.length) return;
    await Promise.all(ids.map((id) => runnerOf(env, orgId, id).purge()));
    after = ids[ids.length - 1]!;
  }
}

/**
 * Every row of every table with an `org_id` column, then the organization. Found from the schema at
 * run time, so a table another domain adds is purged without a change here; a table whose rows block
 * another's delete (a foreign key without cascade) is retried after the others.
 */
async function deleteOrgRows(db: Db, d1: D1Database, orgId: string): Promise<void> {
  const tables = (
    await d1
      .prepare(
        // D1 refuses pragma_table_info; drizzle-kit writes every column name in backquotes.
        `SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%\`org_id\`%'
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'organizations'`,
      )
      .all<{ name: string }>()
  ).results.map((r) => r.name);
  let left = tables;
  for (let pass = 0; pass < 5 && left.length; pass++) {
    const failed: string[] = [];
    for (const table of left) {
      try {
        await d1
          .prepare(`DELETE FROM "${table.replaceAll('"', '""')}" WHERE org_id = ?`)
          .bind(orgId)
          .run();
      } catch {
        failed.push(table);
      }
    }
    left = failed;
  }
  await db.delete(organizations).where(eq(organizations.id, orgId));
}
