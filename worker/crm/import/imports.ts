/**
 * Contact imports: upload (parsed into chunks, a mapping guessed), dry run of a mapping over the whole
 * file, start (checked against the plan's contact limit, then handed to the Queue), and the report of
 * rejected rows. The rows themselves are applied by import-job.ts.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { toImportView, type ContactImportView } from "../../../db/contact-import-view";
import { contactImports, type ContactImport } from "../../../db/tables/crm";
import { enforceLimit } from "../../billing/enforce";
import { AppError } from "../../errors";
import type { ImportPlan } from "../../schemas/contact-imports";
import { listCustomFields } from "../custom-fields";
import { listStages } from "../stages";
import type { Actor } from "../update-contact";
import { planChunk } from "./apply-chunk";
import { CHUNK_ROWS, chunkCount, ImportFiles, importFileKey, splitCsv } from "./import-file";
import type { ImportJob } from "./import-job";
import { checkMapping, guessMapping, type ImportTarget, type MappingContext } from "./import-mapping";

const SAMPLE_ROWS = 5;
/** The preview: the file's first rows, then the first refused rows further down, so errors show wherever they are. */
const PREVIEW_FIRST = 10;
const PREVIEW_REFUSED = 10;

export interface UploadedImport {
  import: ContactImportView;
  /** The first rows as they are in the file, for the mapping screen. */
  sample: string[][];
}

export async function uploadImport(
  env: Env,
  db: Db,
  actor: Actor,
  fileName: string,
  text: string,
  now = Date.now(),
): Promise<UploadedImport> {
  const csv = splitCsv(text);
  const id = `imp_${crypto.randomUUID().replaceAll("-", "")}`;
  const fileKey = importFileKey(actor.orgId, id);
  await (await ImportFiles.of(env, db, actor.orgId, fileKey)).storeChunks(csv.chunks);
  const guessed = guessMapping(csv.columns, await listCustomFields(db, actor.orgId));
  const row = {
    id,
    orgId: actor.orgId,
    state: "draft" as const,
    fileKey,
    fileName,
    columns: csv.columns,
    mapping: toStored(guessed),
    totalRows: csv.totalRows,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
  };
  const [stored] = await db.insert(contactImports).values(row).returning();
  return { import: toImportView(stored!), sample: (JSON.parse(csv.chunks[0]!) as string[][]).slice(0, SAMPLE_ROWS) };
}

const toStored = (targets: (string | null)[]) =>
  Object.fromEntries(targets.flatMap((t, i) => (t ? [[String(i), t] as [string, string]] : [])));

export async function importOf(db: Db, orgId: string, id: string): Promise<ContactImport> {
  const row = await db
    .select()
    .from(contactImports)
    .where(and(eq(contactImports.id, id), eq(contactImports.orgId, orgId)))
    .get();
  if (!row) throw new AppError(404, "import_not_found", "No such import in your organization.");
  return row;
}

export async function listImports(db: Db, orgId: string): Promise<ContactImportView[]> {
  const rows = await db
    .select()
    .from(contactImports)
    .where(eq(contactImports.orgId, orgId))
    .orderBy(desc(contactImports.createdAt))
    .limit(20)
    .all();
  return rows.map(toImportView);
}

export async function sampleOf(env: Env, db: Db, row: ContactImport): Promise<string[][]> {
  if (row.state !== "draft") return [];
  return (await (await ImportFiles.of(env, db, row.orgId, row.fileKey)).readChunk(0)).slice(0, SAMPLE_ROWS);
}

/** The mapping screen's choices, checked against the file and the org's fields and stages. */
export async function mappingContext(
  db: Db,
  row: ContactImport,
  plan: Pick<ImportPlan, "mapping" | "defaultCountry">,
): Promise<MappingContext> {
  const [fields, stages] = await Promise.all([listCustomFields(db, row.orgId), listStages(db, row.orgId)]);
  const targets = plan.mapping as (ImportTarget | null)[];
  checkMapping(targets, row.columns.length, fields);
  return { targets, defaultCountry: plan.defaultCountry, fields, stages };
}

export interface DryRun {
  counts: { rows: number; create: number; update: number; unchanged: number; skip: number; error: number };
  /** The first rows, then the first refused ones, with what each would become and, for a refused row, why. */
  preview: { line: number; cells: string[]; outcome: string; message?: string }[];
}

/** The whole file through the mapping, writing nothing: what the import would do, row by row counted. */
export async function dryRun(env: Env, db: Db, row: ContactImport, plan: ImportPlan): Promise<DryRun> {
  const ctx = await mappingContext(db, row, plan);
  const counts = { rows: row.totalRows, create: 0, update: 0, unchanged: 0, skip: 0, error: 0 };
  const preview: DryRun["preview"] = [];
  const seenNew = new Set<string>();
  const capacity = { left: null };
  const files = await ImportFiles.of(env, db, row.orgId, row.fileKey);
  for (let chunk = 0; chunk < chunkCount(row.totalRows); chunk++) {
    const rows = await files.readChunk(chunk);
    const p = await planChunk(db, {
      orgId: row.orgId,
      importId: row.id,
      fileName: row.fileName,
      onDuplicate: plan.onDuplicate,
      capacity,
      firstRow: chunk * CHUNK_ROWS,
      rows,
      ctx,
      now: Date.now(),
      seenNew,
    });
    counts.create += p.created;
    counts.update += p.updated;
    counts.unchanged += p.unchanged;
    counts.skip += p.skipped;
    counts.error += p.rejected.length;
    for (let i = 0; i < rows.length; i++) {
      const line = chunk * CHUNK_ROWS + i + 2;
      const refused = p.outcomes[i] === "error";
      if (line - 2 >= PREVIEW_FIRST && (!refused || preview.length >= PREVIEW_FIRST + PREVIEW_REFUSED)) continue;
      const message = refused ? p.rejected.find((r) => r.line === line)?.message : undefined;
      preview.push({ line, cells: rows[i]!, outcome: p.outcomes[i]!, ...(message && { message }) });
    }
  }
  return { counts, preview };
}

/** Saves the choices and queues the first step. 402 `plan_limit` when the new contacts would pass the plan's limit. */
export async function startImport(env: Env, db: Db, row: ContactImport, plan: ImportPlan, now = Date.now()): Promise<ContactImportView> {
  if (row.state !== "draft") throw new AppError(409, "import_started", "This import has already started.");
  const run = await dryRun(env, db, row, plan);
  if (run.counts.create) await enforceLimit(db, row.orgId, "contacts", { adding: run.counts.create });
  const [started] = await db
    .update(contactImports)
    .set({
      state: "pending",
      mapping: toStored(plan.mapping),
      defaultCountry: plan.defaultCountry,
      onDuplicate: plan.onDuplicate,
      updatedAt: now,
    })
    .where(and(eq(contactImports.id, row.id), eq(contactImports.state, "draft")))
    .returning();
  if (!started) throw new AppError(409, "import_started", "This import has already started.");
  await env.JOBS.send({ kind: "contacts.import", importId: row.id } satisfies ImportJob);
  return toImportView(started);
}

/** Every rejected row as CSV: its line in the file, the reason, then the row as it was (fix it and import the report). */
export function rejectedReport(files: ImportFiles, row: ContactImport): ReadableStream<Uint8Array> {
  const chunks = chunkCount(row.totalRows);
  let chunk = 0;
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(`${csvLine(["line", "error", ...row.columns])}\r\n`));
    },
    async pull(controller) {
      while (chunk < chunks) {
        const rejected = await files.readRejected(chunk++);
        if (!rejected.length) continue;
        controller.enqueue(encoder.encode(rejected.map((r) => `${csvLine([String(r.line), r.message, ...r.cells])}\r\n`).join("")));
        return;
      }
      controller.close();
    },
  });
}

function csvLine(cells: string[]): string {
  return cells
    .map((cell) => {
      // A cell a spreadsheet would run as a formula is prefixed with ' (as the contacts export does).
      const safe = /^[=+\-@]/.test(cell) ? `'${cell}` : cell;
      return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
    })
    .join(",");
}
