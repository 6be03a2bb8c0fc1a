/** Exports and backups as the Backups page sees them: start one, list them, hand out a download link. */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { dataExports, type DataExport, type DataExportKind } from "../../db/tables/data";
import { toExportView } from "../../db/data-job-view";
import { AppError } from "../errors";
import type { ExportJob } from "./export-job";

const DAY = 24 * 3600_000;
/** How long the cron keeps each kind (the privacy page states these). */
export const KEEP_MS: Record<DataExportKind, number> = { export: 7 * DAY, backup: 30 * DAY };
/** A download link works this long: long enough to start a download, too short to be worth forwarding. */
export const LINK_TTL_MS = 5 * 60_000;

export async function startExport(
  env: Pick<Env, "JOBS">,
  db: Db,
  input: { orgId: string; kind: DataExportKind; requestedBy: string | null; stepRows?: number },
  now = Date.now(),
): Promise<DataExport> {
  if (input.kind === "export") {
    const running = await db
      .select({ id: dataExports.id })
      .from(dataExports)
      .where(and(eq(dataExports.orgId, input.orgId), eq(dataExports.kind, "export"), eq(dataExports.status, "running")))
      .get();
    if (running) throw new AppError(409, "export_running", "An export is already being built; wait for it to finish.");
  }
  const id = crypto.randomUUID();
  const [row] = await db
    .insert(dataExports)
    .values({
      id,
      orgId: input.orgId,
      kind: input.kind,
      requestedBy: input.requestedBy,
      r2Key: `data/${input.orgId}/${input.kind}s/${id}.zip.sealed`,
      createdAt: now,
      updatedAt: now,
      expiresAt: now + KEEP_MS[input.kind],
      ...(input.stepRows && { state: { stepRows: input.stepRows } }),
    })
    .returning();
  await env.JOBS.send({ kind: "data.export", exportId: id, step: 0 } satisfies ExportJob);
  return row!;
}

export function listExports(db: Db, orgId: string) {
  return db.select().from(dataExports).where(eq(dataExports.orgId, orgId)).orderBy(desc(dataExports.createdAt)).limit(100).all();
}

export async function exportOf(db: Db, orgId: string, id: string): Promise<DataExport> {
  const row = await db
    .select()
    .from(dataExports)
    .where(and(eq(dataExports.id, id), eq(dataExports.orgId, orgId)))
    .get();
  if (!row) throw new AppError(404, "export_not_found", "No such export or backup in your organization.");
  return row;
}

/** What the API shows of a row: no storage key, no job state. */
export const publicExport = toExportView;

/** Marks an export failed for good and drops what it had uploaded. */
export async function markExportFailed(env: Env, db: Db, exportId: string, reason: string): Promise<void> {
  const row = await db.select().from(dataExports).where(eq(dataExports.id, exportId)).get();
  if (!row || row.status === "ready") return;
  const state = row.state as { upload?: { uploadId: string } } | null;
  if (state?.upload)
    await env.MEDIA.resumeMultipartUpload(row.r2Key, state.upload.uploadId)
      .abort()
      .catch(() => {});
  await db
    .update(dataExports)
    .set({ status: "failed", error: reason.slice(0, 500), state: null, updatedAt: Date.now() })
    .where(eq(dataExports.id, exportId));
}
