/**
 * The export job: one Queue message per step. A step reads up to `stepRows` rows (D1 tables in keyset
 * pages, then every conversation's messages from its room in pages), writes them as whole zip entries
 * (`<table>/part-NNNN.ndjson` and `.csv`), uploads whole sealed frames to R2, saves where it stopped
 * and hands on to the next step. Memory per step is a step's compressed rows plus at most two frames,
 * whatever the org's size; time per step is bounded by `stepRows` and STEP_MS.
 *
 * Redelivery: each message names its step. A step the row has moved past is dropped; a step ahead of
 * the row (the next message outran this step's row update) waits and retries.
 */
import { and, asc, eq, gt } from "drizzle-orm";
import { openDb, type Db } from "../../db/client";
import { conversations } from "../../db/schema";
import { dataExports } from "../../db/tables/data";
import { roomStub } from "../../durable/room-stub";
import { RetryLater } from "../jobs/send-message";
import { orgDataKey } from "./data-keys";
import { deliverExportReady } from "./export-mail";
import { estimateRows, manifestFile, messageCsv, messageJson, readme } from "./export-files";
import { EXPORT_TABLES, MESSAGE_COLUMNS } from "./export-tables";
import { publishExport } from "./job-progress";
import { csvLine, type PageKey, readPage } from "./table-pages";
import { SealedUploader, type UploadState } from "./sealed-object";
import { DeflatedFile, ZipPieceWriter, zipTrailer, type ZipEntryRecord } from "./zip-writer";

export interface ExportJob {
  kind: "data.export";
  exportId: string;
  step: number;
}

interface ExportState {
  stepRows: number;
  /** Index into EXPORT_TABLES; EXPORT_TABLES.length is the messages, past it the trailer. */
  table: number;
  /** Last key written of the current table; for messages, the last conversation written whole. */
  after: PageKey;
  /** A conversation whose messages are written up to `seq`. */
  current: { id: string; seq: number } | null;
  part: number;
  entries: ZipEntryRecord[];
  offset: number;
  upload: UploadState;
  /** Rows written per table, for the manifest (absent in a state saved before manifests). */
  counts?: Record<string, number>;
}

/** Rows per step unless EXPORT_STEP_ROWS says otherwise: a few seconds of a Worker's time. */
export const DEFAULT_STEP_ROWS = 25_000;
/** A step also ends after this long, whatever its row count (rooms far away answer slower). */
const STEP_MS = 20_000;
const D1_PAGE = 500;
const ROOM_PAGE = 2000;
const MESSAGES = EXPORT_TABLES.length;

export const stepRowsFrom = (env: { EXPORT_STEP_ROWS?: string }) => {
  const n = Number(env.EXPORT_STEP_ROWS);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_STEP_ROWS;
};

export async function runExportStep(env: Env, job: ExportJob, now = Date.now()): Promise<void> {
  const db = openDb(env.DB);
  const row = await db.select().from(dataExports).where(eq(dataExports.id, job.exportId)).get();
  if (!row || row.status === "ready" || row.status === "failed" || row.step > job.step) return;
  if (row.step < job.step) throw new RetryLater(2);

  const key = await orgDataKey(env, db, row.orgId);
  let state: ExportState;
  let uploader: SealedUploader;
  let done = row.doneRows;
  if (job.step === 0) {
    uploader = await SealedUploader.start(env.MEDIA, row.r2Key, key);
    const asked = (row.state as { stepRows?: number } | null)?.stepRows;
    state = {
      stepRows: asked ?? stepRowsFrom(env),
      table: 0,
      after: null,
      current: null,
      part: 0,
      entries: [],
      offset: 0,
      upload: uploader.state,
      counts: {},
    };
    await db
      .update(dataExports)
      .set({ status: "running", totalRows: await estimateRows(db, row.orgId), updatedAt: now })
      .where(eq(dataExports.id, row.id));
  } else {
    state = row.state as unknown as ExportState;
    uploader = await SealedUploader.resume(env.MEDIA, row.r2Key, key, state.upload, job.step);
  }

  const writer = new ZipPieceWriter(state.offset, (bytes) => uploader.write(bytes), new Date(row.createdAt));
  if (job.step === 0) writer.add(readme(row));
  const started = Date.now();
  let budget = state.stepRows;
  while (budget > 0 && state.table <= MESSAGES && Date.now() - started < STEP_MS) {
    const written =
      state.table < MESSAGES
        ? await writeTablePart(db, row.orgId, state, writer, budget)
        : await writeMessagesPart(env, db, row.orgId, state, writer, budget, started);
    budget -= written;
    done += written;
    await uploader.flush();
  }
  if (state.table > MESSAGES) writer.add(manifestFile(row, state.counts ?? {}));
  const entries = [...state.entries, ...writer.entries];

  if (state.table > MESSAGES) {
    uploader.write(zipTrailer(entries, writer.offset, new Date(row.createdAt)));
    await uploader.complete();
    const finished = Date.now();
    await db
      .update(dataExports)
      .set({
        status: "ready",
        state: null,
        phase: null,
        doneRows: done,
        bytes: uploader.state.written,
        finishedAt: finished,
        updatedAt: finished,
        step: job.step + 1,
      })
      .where(eq(dataExports.id, row.id));
    if (job.step > 0) await env.MEDIA.delete(uploader.carryKey(job.step));
    await publishExport(env, db, row.id);
    if (row.kind === "export") await deliverExportReady(env, db, row);
    return;
  }

  const next: ExportState = { ...state, entries, offset: writer.offset, upload: await uploader.pause(job.step + 1) };
  // Send before saving: if the save fails, this step runs again and sends again (the copy is dropped).
  await env.JOBS.send({ kind: "data.export", exportId: row.id, step: job.step + 1 } satisfies ExportJob);
  await db
    .update(dataExports)
    .set({
      state: next as unknown as Record<string, unknown>,
      step: job.step + 1,
      doneRows: done,
      phase: state.table < MESSAGES ? EXPORT_TABLES[state.table]!.name : "messages",
      updatedAt: Date.now(),
    })
    .where(and(eq(dataExports.id, row.id), eq(dataExports.step, job.step)));
  if (job.step > 0) await env.MEDIA.delete(uploader.carryKey(job.step));
  await publishExport(env, db, row.id);
}

/** One part of the current D1 table; moves to the next table when this one is done. */
async function writeTablePart(db: Db, orgId: string, state: ExportState, writer: ZipPieceWriter, budget: number): Promise<number> {
  const spec = EXPORT_TABLES[state.table]!;
  const columns = Object.keys(spec.columns);
  state.part++;
  const base = `${spec.name}/part-${String(state.part).padStart(4, "0")}`;
  const ndjson = new DeflatedFile(`${base}.ndjson`);
  const csv = new DeflatedFile(`${base}.csv`);
  csv.push(csvLine(columns));
  let written = 0;
  let finished = false;
  while (written < budget) {
    const limit = Math.min(D1_PAGE, budget - written);
    const { rows, last } = await readPage(db, spec, orgId, state.after, limit);
    for (const r of rows) {
      ndjson.push(`${JSON.stringify(r)}\n`);
      csv.push(csvLine(columns.map((k) => r[k])));
    }
    written += rows.length;
    state.after = last;
    if (rows.length < limit) {
      finished = true;
      break;
    }
  }
  writer.add(ndjson);
  writer.add(csv);
  count(state, spec.name, written);
  if (finished) nextTable(state);
  return written;
}

/** One part of the messages: conversations in id order, each room read in pages from where it stopped. */
async function writeMessagesPart(
  env: Env,
  db: Db,
  orgId: string,
  state: ExportState,
  writer: ZipPieceWriter,
  budget: number,
  started: number,
): Promise<number> {
  state.part++;
  const base = `messages/part-${String(state.part).padStart(4, "0")}`;
  const ndjson = new DeflatedFile(`${base}.ndjson`);
  const csv = new DeflatedFile(`${base}.csv`);
  csv.push(csvLine([...MESSAGE_COLUMNS]));
  let written = 0;
  let queue: string[] = [];
  while (written < budget && Date.now() - started < STEP_MS) {
    if (!state.current) {
      if (!queue.length) {
        const where =
          state.after === null
            ? eq(conversations.orgId, orgId)
            : and(eq(conversations.orgId, orgId), gt(conversations.id, String(state.after)));
        queue = (
          await db.select({ id: conversations.id }).from(conversations).where(where).orderBy(asc(conversations.id)).limit(100).all()
        ).map((c) => c.id);
        if (!queue.length) {
          nextTable(state);
          break;
        }
      }
      state.current = { id: queue.shift()!, seq: 0 };
    }
    const conv = state.current;
    const limit = Math.min(ROOM_PAGE, budget - written);
    const rows = await roomStub(env.CONVERSATION_ROOM, orgId, conv.id).exportMessages(conv.seq, limit);
    for (const r of rows) {
      ndjson.push(`${messageJson(conv.id, r)}\n`);
      csv.push(messageCsv(conv.id, r));
    }
    written += rows.length;
    if (rows.length) conv.seq = rows[rows.length - 1]!.seq;
    if (rows.length < limit) {
      state.after = conv.id;
      state.current = null;
    }
  }
  writer.add(ndjson);
  writer.add(csv);
  count(state, "messages", written);
  return written;
}

function count(state: ExportState, table: string, rows: number): void {
  state.counts ??= {};
  state.counts[table] = (state.counts[table] ?? 0) + rows;
}

function nextTable(state: ExportState): void {
  state.table++;
  state.after = null;
  state.current = null;
  state.part = 0;
}
