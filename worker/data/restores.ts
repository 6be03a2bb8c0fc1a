/**
 * Restoring an export or backup into a new organization: the owner of an organization that holds no
 * data yet (just signed up) uploads the zip; it is streamed into R2 sealed with that org's key (never
 * whole in memory), its directory and manifest are checked at once so a wrong file is refused with a
 * reason, and the Queue restores it in steps (worker/data/restore-job.ts). The archive's organization
 * is never written to: everything lands under the new org's id, with new ids.
 */
import { and, count, desc, eq, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { toRestoreView } from "../../db/data-job-view";
import { contacts, conversations, users } from "../../db/schema";
import { campaigns } from "../../db/tables/campaigns";
import { orders, products } from "../../db/tables/commerce";
import { dataRestores, type DataRestore } from "../../db/tables/data";
import { AppError } from "../errors";
import { parseManifest, type ArchiveManifest } from "./archive-manifest";
import { orgDataKey } from "./data-keys";
import type { RestoreJob } from "./restore-job";
import { SealedReader, SealedUploader } from "./sealed-object";
import { readCentralDirectory, readEntryText } from "./zip-reader";

/** Above this an upload is refused before a byte is stored (Workers take request bodies up to 100 MB). */
export const DEFAULT_RESTORE_MAX_BYTES = 95 * 1024 * 1024;

export const restoreMaxBytes = (env: { RESTORE_MAX_BYTES?: string }) => {
  const n = Number(env.RESTORE_MAX_BYTES);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_RESTORE_MAX_BYTES;
};

export const publicRestore = toRestoreView;

/** A restore goes only into an organization with nothing of its own yet: one member, no customers, no sales. */
export async function assertNewOrg(db: Db, orgId: string): Promise<void> {
  const [people, cust, convs, prods, ords, camps, earlier] = await db.batch([
    db.select({ n: count() }).from(users).where(eq(users.orgId, orgId)),
    db.select({ n: count() }).from(contacts).where(eq(contacts.orgId, orgId)),
    db.select({ n: count() }).from(conversations).where(eq(conversations.orgId, orgId)),
    db.select({ n: count() }).from(products).where(eq(products.orgId, orgId)),
    db.select({ n: count() }).from(orders).where(eq(orders.orgId, orgId)),
    db.select({ n: count() }).from(campaigns).where(eq(campaigns.orgId, orgId)),
    db
      .select({ n: count() })
      .from(dataRestores)
      .where(and(eq(dataRestores.orgId, orgId), ne(dataRestores.status, "failed"))),
  ]);
  if (earlier[0]!.n)
    throw new AppError(409, "restore_exists", "This organization already holds a restore; sign up another organization to restore again.");
  if ([cust, convs, prods, ords, camps].some((r) => r[0]!.n) || people[0]!.n > 1)
    throw new AppError(
      409,
      "org_not_empty",
      "A restore goes into a new organization only: this one already has members, customers or sales. Sign up a new organization and restore there.",
    );
}

/** Streams the upload into R2 (sealed, in frames), checks it is a Parley archive of a version this code reads, and queues the restore. */
export async function startRestore(
  env: Env,
  db: Db,
  input: { orgId: string; userId: string; body: ReadableStream<Uint8Array> | null; length: number },
  now = Date.now(),
): Promise<DataRestore> {
  await assertNewOrg(db, input.orgId);
  const max = restoreMaxBytes(env);
  if (input.length > max) throw tooBig(max);
  if (!input.body || input.length === 0)
    throw new AppError(422, "archive_invalid", "The upload is empty: send the zip as the request body.");
  const id = crypto.randomUUID();
  const r2Key = `data/${input.orgId}/restores/${id}.zip.sealed`;
  const key = await orgDataKey(env, db, input.orgId);
  const uploader = await SealedUploader.start(env.MEDIA, r2Key, key);
  let manifest: ArchiveManifest;
  try {
    const reader = input.body.getReader();
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
      if (received > max || received > input.length) throw tooBig(max);
      uploader.write(value);
      await uploader.flush();
    }
    await uploader.complete();
    const file = await SealedReader.open(env.MEDIA, r2Key, key);
    const entries = await readCentralDirectory(file!);
    const entry = entries.find((e) => e.name === "manifest.json");
    manifest = parseManifest(entry ? await readEntryText(file!, entry) : null);
  } catch (e) {
    await env.MEDIA.resumeMultipartUpload(r2Key, uploader.state.uploadId)
      .abort()
      .catch(() => {});
    await env.MEDIA.delete(r2Key);
    throw e;
  }
  const totalRows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  const [row] = await db
    .insert(dataRestores)
    .values({
      id,
      orgId: input.orgId,
      requestedBy: input.userId,
      sourceOrgId: manifest.orgId,
      sourceCreatedAt: manifest.createdAt,
      totalRows: totalRows * 2,
      bytes: uploader.state.written,
      r2Key,
      state: { manifest },
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await env.JOBS.send({ kind: "data.restore", restoreId: id, step: 0 } satisfies RestoreJob);
  return row!;
}

const tooBig = (max: number) =>
  new AppError(413, "archive_too_big", `The archive is over ${Math.floor(max / 1024 / 1024)} MB, the most one upload may carry.`);

export function listRestores(db: Db, orgId: string) {
  return db.select().from(dataRestores).where(eq(dataRestores.orgId, orgId)).orderBy(desc(dataRestores.createdAt)).limit(20).all();
}

export async function restoreOf(db: Db, orgId: string, id: string): Promise<DataRestore> {
  const row = await db
    .select()
    .from(dataRestores)
    .where(and(eq(dataRestores.id, id), eq(dataRestores.orgId, orgId)))
    .get();
  if (!row) throw new AppError(404, "restore_not_found", "No such restore in your organization.");
  return row;
}
