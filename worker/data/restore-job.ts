/**
 * The restore job, one Queue message per step, in two passes over the uploaded archive's NDJSON parts:
 * **verify** reads every part (CRC, UTF-8, one JSON object per line, row counts against the manifest)
 * and writes nothing, so a damaged archive fails before the new organization holds half of it;
 * **write** puts each part's rows into D1 (new ids: restore-ids.ts) and each conversation's messages
 * into its new room. Whole parts per step, so a step redone after a crash writes the same rows again,
 * and both D1 and the rooms skip rows they hold (deterministic ids, ON CONFLICT DO NOTHING).
 */
import { and, eq } from "drizzle-orm";
import { openDb, type Db } from "../../db/client";
import { organizations } from "../../db/schema";
import { dataRestores, type RestoreReport } from "../../db/tables/data";
import { PermanentJobError } from "../jobs/media-download";
import { RetryLater } from "../jobs/send-message";
import { AppError } from "../errors";
import type { ArchiveManifest } from "./archive-manifest";
import { orgDataKey } from "./data-keys";
import { stepRowsFrom } from "./export-job";
import { EXPORT_TABLES, type ExportTable } from "./export-tables";
import { publishRestore } from "./job-progress";
import { IdMap } from "./restore-ids";
import { writeMessages, writeRows } from "./restore-writes";
import { SealedReader } from "./sealed-object";
import { readCentralDirectory, readEntryLines, type RandomAccess, type ZipEntry } from "./zip-reader";

export interface RestoreJob {
  kind: "data.restore";
  restoreId: string;
  step: number;
}

interface RestoreState {
  manifest: ArchiveManifest;
  pass?: "verify" | "write";
  /** Index into the pass's plan of parts. */
  entry?: number;
  counts?: Record<string, number>;
  report?: RestoreReport;
}

/** A step ends after this long or EXPORT_STEP_ROWS rows, at the end of a part. */
const STEP_MS = 20_000;
const MESSAGES: ExportTable | null = null;

interface PlannedPart {
  entry: ZipEntry;
  table: ExportTable | typeof MESSAGES;
  name: string;
}

export async function runRestoreStep(env: Env, job: RestoreJob): Promise<void> {
  const db = openDb(env.DB);
  const row = await db.select().from(dataRestores).where(eq(dataRestores.id, job.restoreId)).get();
  if (!row || row.status === "ready" || row.status === "failed" || row.step > job.step) return;
  if (row.step < job.step) throw new RetryLater(2);
  const state = row.state as unknown as RestoreState;
  let pass = state.pass ?? "verify";
  let at = state.entry ?? 0;
  let counts = { ...(state.counts ?? {}) };
  const report: RestoreReport = state.report ?? { members: [], numbers: [] };
  const file = await SealedReader.open(env.MEDIA, row.r2Key, await orgDataKey(env, db, row.orgId));
  if (!file) throw new PermanentJobError("The uploaded archive is no longer in storage; upload it again.");
  const ids = new IdMap(row.id, row.sourceOrgId, row.orgId);
  let done = row.doneRows;
  const started = Date.now();
  try {
    const plan = planParts(await readCentralDirectory(file), pass);
    if (pass === "write" && at === 0) await prepareOrg(db, row.orgId, file);
    let rows = 0;
    while (at < plan.length && Date.now() - started < STEP_MS && rows < stepRowsFrom(env)) {
      const part = plan[at]!;
      const n =
        pass === "verify"
          ? await verifyPart(file, part, report)
          : part.table
            ? await writeRows(db, row.orgId, part.table, ids, await linesOf(file, part.entry))
            : await writeMessages(env, db, row.orgId, ids, file, part.entry);
      counts[part.name] = (counts[part.name] ?? 0) + n;
      done += n;
      rows += n;
      at++;
    }
    if (at >= plan.length && pass === "verify") {
      checkCounts(state.manifest, counts);
      pass = "write";
      at = 0;
      counts = {};
    } else if (at >= plan.length) {
      await finish(env, db, row.id, row.r2Key, done, report, job.step + 1);
      return;
    }
  } catch (e) {
    if (e instanceof AppError) throw new PermanentJobError(e.message);
    throw e;
  }
  const next: RestoreState = { manifest: state.manifest, pass, entry: at, counts, report };
  await env.JOBS.send({ kind: "data.restore", restoreId: row.id, step: job.step + 1 } satisfies RestoreJob);
  await db
    .update(dataRestores)
    .set({
      state: next as unknown as Record<string, unknown>,
      status: pass === "verify" ? "verifying" : "restoring",
      step: job.step + 1,
      doneRows: done,
      report,
      phase: pass,
      updatedAt: Date.now(),
    })
    .where(and(eq(dataRestores.id, row.id), eq(dataRestores.step, job.step)));
  await publishRestore(env, db, row.id);
}

/** The NDJSON parts a pass reads, table by table in EXPORT_TABLES order, messages last. */
function planParts(entries: ZipEntry[], pass: "verify" | "write"): PlannedPart[] {
  const tables: [string, ExportTable | null][] = [
    ...EXPORT_TABLES.filter((t) => pass === "verify" || t.restore).map((t) => [t.name, t] as [string, ExportTable]),
    ["messages", MESSAGES],
  ];
  return tables.flatMap(([name, table]) =>
    entries
      .filter((e) => e.name.startsWith(`${name}/`) && e.name.endsWith(".ndjson"))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((entry) => ({ entry, table, name })),
  );
}

async function linesOf(file: RandomAccess, entry: ZipEntry): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  await readEntryLines(file, entry, async (lines) => {
    for (const l of lines) if (l) rows.push(JSON.parse(l) as Record<string, unknown>);
  });
  return rows;
}

/** Every line a JSON object; members and numbers noted for the report (they are not restored as they were). */
async function verifyPart(file: RandomAccess, part: PlannedPart, report: RestoreReport): Promise<number> {
  let n = 0;
  await readEntryLines(file, part.entry, async (lines) => {
    for (const line of lines) {
      if (!line) continue;
      let r: unknown;
      try {
        r = JSON.parse(line);
      } catch {
        r = null;
      }
      if (!r || typeof r !== "object" || Array.isArray(r))
        throw new AppError(422, "archive_corrupt", `The archive is damaged: ${part.entry.name} line ${n + 1} is not a JSON object.`);
      n++;
      const o = r as Record<string, string>;
      if (part.name === "members") report.members.push({ email: o.email!, name: o.name!, role: o.role! });
      if (part.name === "whatsapp_numbers")
        report.numbers.push({ phoneNumberId: o.phoneNumberId!, displayPhoneNumber: o.displayPhoneNumber! });
    }
  });
  return n;
}

function checkCounts(manifest: ArchiveManifest, counts: Record<string, number>): void {
  for (const [table, expected] of Object.entries(manifest.tables)) {
    if ((counts[table] ?? 0) !== expected)
      throw new AppError(
        422,
        "archive_corrupt",
        `The archive is incomplete: ${table} has ${counts[table] ?? 0} rows where its manifest says ${expected}.`,
      );
  }
}

/**
 * Before the first write: what sign-up gave the new org by default (lifecycle stages, settings rows) makes
 * way for the archive's, children first; its audit log stays. The archive's org settings are applied.
 */
async function prepareOrg(db: Db, orgId: string, file: RandomAccess): Promise<void> {
  for (const spec of EXPORT_TABLES.filter((t) => t.restore && t.name !== "audit_log").reverse()) {
    await db.delete(spec.table).where(eq(spec.org, orgId));
  }
  const orgEntry = (await readCentralDirectory(file)).find((e) => e.name.startsWith("organization/") && e.name.endsWith(".ndjson"));
  const org = orgEntry ? (await linesOf(file, orgEntry))[0] : undefined;
  if (org)
    await db
      .update(organizations)
      .set({ requireTwoFactor: Boolean(org.requireTwoFactor), staySignedIn: Boolean(org.staySignedIn) })
      .where(eq(organizations.id, orgId));
}

async function finish(env: Env, db: Db, id: string, r2Key: string, done: number, report: RestoreReport, step: number): Promise<void> {
  const now = Date.now();
  await db
    .update(dataRestores)
    .set({ status: "ready", state: null, phase: null, doneRows: done, report, finishedAt: now, updatedAt: now, step })
    .where(eq(dataRestores.id, id));
  await env.MEDIA.delete(r2Key);
  await publishRestore(env, db, id);
}

/** Failed for good: the archive is deleted; what the write pass had written stays in the new org (the source is untouched). */
export async function markRestoreFailed(env: Env, db: Db, id: string, reason: string): Promise<void> {
  const row = await db.select().from(dataRestores).where(eq(dataRestores.id, id)).get();
  if (!row || row.status === "ready") return;
  await db
    .update(dataRestores)
    .set({ status: "failed", error: reason.slice(0, 500), state: null, updatedAt: Date.now() })
    .where(eq(dataRestores.id, id));
  await env.MEDIA.delete(row.r2Key);
  await publishRestore(env, db, id);
}
