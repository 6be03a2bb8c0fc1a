/**
 * The nightly part of data stewardship: a backup of every organization (the export job, kind
 * "backup"), and deleting exports and backups whose time is up (7 and 30 days: KEEP_MS).
 */
import { and, asc, eq, gt, gte, inArray, isNull, lt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { organizations } from "../../db/schema";
import { dataExports } from "../../db/tables/data";
import type { ExportJob } from "./export-job";
import { KEEP_MS } from "./exports";

/** A second cron run the same day (a retry, a manual trigger) makes no second backup. */
const ONE_PER_MS = 20 * 3600_000;
const PAGE = 100;

export async function startDailyBackups(env: Pick<Env, "JOBS">, db: Db, now = Date.now()): Promise<number> {
  let started = 0;
  let after = "";
  for (;;) {
    const orgs = await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(and(gt(organizations.id, after), isNull(organizations.terminatedAt)))
      .orderBy(asc(organizations.id))
      .limit(PAGE)
      .all();
    if (!orgs.length) return started;
    after = orgs[orgs.length - 1]!.id;
    const recent = new Set(
      (
        await db
          .select({ orgId: dataExports.orgId })
          .from(dataExports)
          .where(
            and(
              inArray(
                dataExports.orgId,
                orgs.map((o) => o.id),
              ),
              eq(dataExports.kind, "backup"),
              gte(dataExports.createdAt, now - ONE_PER_MS),
            ),
          )
          .all()
      ).map((r) => r.orgId),
    );
    const rows = orgs
      .filter((o) => !recent.has(o.id))
      .map((o) => {
        const id = crypto.randomUUID();
        return {
          id,
          orgId: o.id,
          kind: "backup" as const,
          requestedBy: null,
          r2Key: `data/${o.id}/backups/${id}.zip.sealed`,
          createdAt: now,
          updatedAt: now,
          expiresAt: now + KEEP_MS.backup,
        };
      });
    if (!rows.length) continue;
    await db.insert(dataExports).values(rows);
    await env.JOBS.sendBatch(rows.map((r) => ({ body: { kind: "data.export", exportId: r.id, step: 0 } satisfies ExportJob })));
    started += rows.length;
  }
}

/** Deletes exports and backups past their time: the R2 object (and any carry a dead job left), then the row. */
export async function purgeExpiredExports(env: Pick<Env, "MEDIA">, db: Db, now = Date.now()): Promise<number> {
  let purged = 0;
  for (;;) {
    const rows = await db
      .select({ id: dataExports.id, r2Key: dataExports.r2Key })
      .from(dataExports)
      .where(lt(dataExports.expiresAt, now))
      .limit(PAGE)
      .all();
    if (!rows.length) return purged;
    for (const r of rows) await deletePrefix(env.MEDIA, r.r2Key);
    await db.delete(dataExports).where(
      inArray(
        dataExports.id,
        rows.map((r) => r.id),
      ),
    );
    purged += rows.length;
  }
}

/** Every object whose key starts with `prefix`, a page of 1,000 at a time. */
export async function deletePrefix(bucket: R2Bucket, prefix: string): Promise<number> {
  let deleted = 0;
  for (;;) {
    const page = await bucket.list({ prefix, limit: 1000 });
    if (!page.objects.length) return deleted;
    await bucket.delete(page.objects.map((o) => o.key));
    deleted += page.objects.length;
    if (!page.truncated) return deleted;
  }
}
