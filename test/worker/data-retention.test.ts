/**
 * The daily cron's data duties, with the clock moved: a backup of every live org once a day (sealed
 * like exports, listed and downloadable), exports deleted after 7 days and backups after 30, R2
 * object and row both; terminated orgs get no backups.
 */
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDb } from "../../db/client";
import * as schema from "../../db/schema";
import { dataExports } from "../../db/tables/data";
import { purgeExpiredExports, startDailyBackups } from "../../worker/data/backups";
import { KEEP_MS } from "../../worker/data/exports";
import { runDaily } from "../../worker/jobs/daily";
import { signUpOwner } from "../support/accounts";
import { expectJson } from "../support/api-errors";
import { downloadExport, rowsOf, seedConversations, waitForExport, type PublicExport } from "../support/data";
import { db } from "../support/parley";

const DAY = 24 * 3600_000;
const backupsOf = (orgId: string) =>
  db()
    .select()
    .from(dataExports)
    .where(and(eq(dataExports.orgId, orgId), eq(dataExports.kind, "backup")))
    .all();

describe("daily backups and their retention", { timeout: 90_000 }, () => {
  it("one backup per org per day, sealed, listed with its size, downloadable; none for a terminated org", async () => {
    const owner = await signUpOwner("Backed Up");
    await seedConversations(owner, 3);
    const gone = await signUpOwner("Terminated");
    await db()
      .update(schema.organizations)
      .set({ terminatedAt: Date.now(), purgeAfter: Date.now() + 30 * DAY })
      .where(eq(schema.organizations.id, gone.orgId));
    const now = Date.now();
    await startDailyBackups(env, openDb(env.DB), now);
    await startDailyBackups(env, openDb(env.DB), now + 3600_000);
    const [backup, ...more] = await backupsOf(owner.orgId);
    expect(more).toEqual([]);
    expect(await backupsOf(gone.orgId)).toEqual([]);
    expect(backup!.expiresAt).toBe(now + KEEP_MS.backup);

    const done = await waitForExport(owner, backup!.id);
    expect(done.status).toBe("ready");
    const { exports } = await expectJson<{ exports: PublicExport[] }>(await owner.browser.get("/api/data/exports"));
    expect(exports.find((e) => e.id === backup!.id)).toMatchObject({ kind: "backup", status: "ready", bytes: expect.any(Number) });
    const files = await downloadExport(owner, backup!.id);
    expect(rowsOf(files, "messages")).toHaveLength(6);
    const sealed = await env.MEDIA.get(backup!.r2Key);
    expect(new TextDecoder().decode(await sealed!.arrayBuffer())).not.toContain("messages/part-0001");

    // The next day's run makes the next backup.
    await startDailyBackups(env, openDb(env.DB), now + DAY);
    expect(await backupsOf(owner.orgId)).toHaveLength(2);
  });

  it("exports go after 7 days and backups after 30: the R2 object and the row, not a day early", async () => {
    const owner = await signUpOwner();
    await seedConversations(owner, 2);
    const { export: e } = await expectJson<{ export: PublicExport }>(await owner.browser.post("/api/data/exports"), 202);
    await waitForExport(owner, e.id);
    const now = Date.now();
    await startDailyBackups(env, openDb(env.DB), now);
    const [backup] = await backupsOf(owner.orgId);
    await waitForExport(owner, backup!.id);
    const exportRow = (await db().select().from(dataExports).where(eq(dataExports.id, e.id)).get())!;

    await purgeExpiredExports(env, openDb(env.DB), now + 6 * DAY);
    expect(await env.MEDIA.head(exportRow.r2Key)).not.toBeNull();
    await purgeExpiredExports(env, openDb(env.DB), now + 8 * DAY);
    expect(await env.MEDIA.head(exportRow.r2Key)).toBeNull();
    expect(await db().select().from(dataExports).where(eq(dataExports.id, e.id)).get()).toBeUndefined();
    expect(await backupsOf(owner.orgId)).toHaveLength(1);

    await runDaily(env, now + 29 * DAY);
    expect((await backupsOf(owner.orgId)).map((b) => b.id)).toContain(backup!.id);
    await runDaily(env, now + 31 * DAY);
    expect((await backupsOf(owner.orgId)).map((b) => b.id)).not.toContain(backup!.id);
    expect(await env.MEDIA.head(backup!.r2Key)).toBeNull();
  });
});
