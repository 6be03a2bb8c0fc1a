/**
 * The import's background work: one Queue message per step; a step applies chunks from the import's
 * `next_row` for up to STEP_MS, each chunk committed in one D1 batch with the advance of `next_row`
 * (guarded on its old value), then queues the next step. A step that dies mid-way is redelivered by
 * the Queue and resumes at the first uncommitted chunk; a duplicate delivery racing another finds
 * its progress update guarded out and stops (its inserts were no-ops: ids derive from import and row).
 */
import { and, eq, sql } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { openDb, type Db } from "../../../db/client";
import { toImportView } from "../../../db/contact-import-view";
import { contactImports, type ContactImport } from "../../../db/tables/crm";
import { billingOf } from "../../billing/billing-account";
import { usageOf } from "../../billing/enforce";
import { listCustomFields } from "../custom-fields";
import { listStages } from "../stages";
import { planChunk } from "./apply-chunk";
import { CHUNK_ROWS, chunkCount, ImportFiles } from "./import-file";
import type { ImportTarget, MappingContext } from "./import-mapping";

export interface ImportJob {
  kind: "contacts.import";
  importId: string;
}

const dialect = new SQLiteAsyncDialect();

/** A step hands on after this long, well inside a consumer's time, so progress and retries stay fine-grained. */
const STEP_MS = 10_000;
/** The first errors kept on the row for the screen; the report has all of them. */
const ERRORS_KEPT = 20;

async function contextOf(db: Db, row: ContactImport): Promise<MappingContext> {
  const [fields, stages] = await Promise.all([listCustomFields(db, row.orgId), listStages(db, row.orgId)]);
  // A custom field deleted since the start leaves its column out (readRow skips unknown targets).
  const targets = row.columns.map((_, i) => (row.mapping[String(i)] ?? null) as ImportTarget | null);
  return { targets, defaultCountry: row.defaultCountry, fields, stages };
}

export async function runImportStep(env: Env, job: ImportJob): Promise<void> {
  const db = openDb(env.DB);
  let row = await db.select().from(contactImports).where(eq(contactImports.id, job.importId)).get();
  if (!row || (row.state !== "pending" && row.state !== "running")) return;
  const ctx = await contextOf(db, row);
  const max = (await billingOf(db, row.orgId)).plan.limits.contacts;
  const capacity = { left: max === null ? null : Math.max(0, max - (await usageOf(db, row.orgId, "contacts"))) };
  const inbox = env.ORG_INBOX.getByName(row.orgId);
  const files = await ImportFiles.of(env, db, row.orgId, row.fileKey);
  const started = Date.now();
  let changed = 0;

  while (row.nextRow < row.totalRows && Date.now() - started < STEP_MS) {
    const chunk = Math.floor(row.nextRow / CHUNK_ROWS);
    const rows = await files.readChunk(chunk);
    const now = Date.now();
    const plan = await planChunk(db, {
      orgId: row.orgId,
      importId: row.id,
      fileName: row.fileName,
      onDuplicate: row.onDuplicate,
      capacity,
      firstRow: chunk * CHUNK_ROWS,
      rows,
      ctx,
      now,
    });
    // Written before the commit: a re-run of the chunk writes the same report again.
    if (plan.rejected.length) await files.putRejected(chunk, plan.rejected);
    const end = Math.min(row.totalRows, (chunk + 1) * CHUNK_ROWS);
    const done = end >= row.totalRows;
    const t = contactImports;
    const progress = db
      .update(t)
      .set({
        state: done ? "done" : "running",
        nextRow: end,
        created: sql`${t.created} + ${plan.created}`,
        updated: sql`${t.updated} + ${plan.updated}`,
        unchanged: sql`${t.unchanged} + ${plan.unchanged}`,
        skipped: sql`${t.skipped} + ${plan.skipped}`,
        failed: sql`${t.failed} + ${plan.rejected.length}`,
        errors: [...row.errors, ...plan.rejected.map((r) => ({ row: r.line, message: r.message }))].slice(0, ERRORS_KEPT),
        updatedAt: now,
        ...(done && { finishedAt: now }),
      })
      .where(and(eq(t.id, row.id), eq(t.nextRow, row.nextRow)))
      .returning({ id: t.id });
    // Straight to D1: drizzle's batch takes only its query builders, and the chunk's writes are raw SQL.
    const statement = (q: { sql: string; params: unknown[] }) => env.DB.prepare(q.sql).bind(...q.params);
    const [committed] = await env.DB.batch([statement(progress.toSQL()), ...plan.statements.map((s) => statement(dialect.sqlToQuery(s)))]);
    // Another delivery of this step committed the chunk first and carries on from there.
    if (!committed?.results.length) return;
    row = (await db.select().from(contactImports).where(eq(contactImports.id, row.id)).get())!;
    changed += plan.created + plan.updated;
    await inbox.publishImport(toImportView(row));
  }
  if (changed) await inbox.publishContactsChanged(changed);
  if (row.nextRow < row.totalRows) {
    await env.JOBS.send({ kind: "contacts.import", importId: row.id } satisfies ImportJob);
    return;
  }
  // The rows are in D1 now; the file's chunks (customer data) need not stay. Rejected rows stay for the report.
  await files.deleteChunks(chunkCount(row.totalRows));
}

/** Out of retries: the import stops where it is, with the reason shown; what was committed stays. */
export async function markImportFailed(env: Env, importId: string, reason: string): Promise<void> {
  const db = openDb(env.DB);
  const current = await db.select().from(contactImports).where(eq(contactImports.id, importId)).get();
  if (!current) return;
  const errors = [{ row: 0, message: `The import stopped: ${reason}` }, ...current.errors].slice(0, ERRORS_KEPT);
  const [row] = await db
    .update(contactImports)
    .set({ state: "failed", errors, updatedAt: Date.now(), finishedAt: Date.now() })
    .where(eq(contactImports.id, importId))
    .returning();
  if (row) await env.ORG_INBOX.getByName(row.orgId).publishImport(toImportView(row));
}
