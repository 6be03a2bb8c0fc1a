/**
 * The uploaded CSV, parsed once (papaparse: quoted fields, embedded newlines, `;` or tab delimiters
 * from European spreadsheets, a BOM) into chunks of rows stored in R2 beside the import, so each job
 * step reads one small object instead of parsing the whole file again, and a resumed import starts at
 * its next chunk. The rejected rows of each chunk are stored beside it for the error report. Both are
 * customers' data at rest: sealed with the organization's data key (AES-GCM, as exports are), so
 * shredding that key at the org's purge makes any copy unreadable.
 */
import Papa from "papaparse";
import type { Db } from "../../../db/client";
import { orgDataKey } from "../../data/data-keys";
import { getSealed, putSealed } from "../../data/sealed-object";
import { AppError } from "../../errors";
import type { RejectedRow } from "./apply-chunk";

/** Rows per chunk: one D1 batch of three statements and one R2 object each. */
export const CHUNK_ROWS = 500;
/** 100,000 rows of a dozen columns are ~15 MB; twice that leaves room for wide files. */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 250_000;

/** Under `uploads/<org>/`, so an organization's purge removes imports with its other uploads. */
export const importFileKey = (orgId: string, importId: string) => `uploads/${orgId}/imports/${importId}`;
export const chunkKey = (fileKey: string, chunk: number) => `${fileKey}/chunk-${String(chunk).padStart(5, "0")}.json`;
export const rejectedKey = (fileKey: string, chunk: number) => `${fileKey}/rejected-${String(chunk).padStart(5, "0")}.json`;
export const chunkCount = (totalRows: number) => Math.ceil(totalRows / CHUNK_ROWS);

export interface SplitCsv {
  columns: string[];
  totalRows: number;
  /** Each chunk's rows as JSON (`string[][]`), ready to store. */
  chunks: string[];
}

export function splitCsv(text: string): SplitCsv {
  let columns: string[] | null = null;
  let rows: string[][] = [];
  const chunks: string[] = [];
  let totalRows = 0;
  Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), {
    skipEmptyLines: "greedy",
    step: (result, parser) => {
      const cells = result.data.map((cell) => String(cell));
      if (!columns) {
        columns = cells.map((h) => h.trim());
        return;
      }
      totalRows++;
      if (totalRows > MAX_IMPORT_ROWS) {
        parser.abort();
        return;
      }
      rows.push(cells);
      if (rows.length === CHUNK_ROWS) {
        chunks.push(JSON.stringify(rows));
        rows = [];
      }
    },
  });
  if (totalRows > MAX_IMPORT_ROWS) {
    throw new AppError(
      413,
      "import_too_large",
      `A file can import up to ${MAX_IMPORT_ROWS.toLocaleString("en")} rows; split it into several.`,
    );
  }
  if (!columns || !(columns as string[]).some(Boolean)) {
    throw new AppError(422, "csv_empty", "The file has no header row. The first line should name the columns (e.g. name,phone,email).");
  }
  if (!totalRows) throw new AppError(422, "csv_no_rows", "The file has a header row but no contacts under it.");
  if (rows.length) chunks.push(JSON.stringify(rows));
  return { columns, totalRows, chunks };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One import's objects in R2, sealed and opened with its organization's key. */
export class ImportFiles {
  private constructor(
    private readonly bucket: R2Bucket,
    readonly fileKey: string,
    private readonly dataKey: CryptoKey,
  ) {}

  static async of(env: Pick<Env, "MEDIA" | "ENCRYPTION_KEY">, db: Db, orgId: string, fileKey: string): Promise<ImportFiles> {
    return new ImportFiles(env.MEDIA, fileKey, await orgDataKey(env, db, orgId));
  }

  async storeChunks(chunks: string[]): Promise<void> {
    // A few at a time: one upload request should not open hundreds of R2 writes at once.
    for (let i = 0; i < chunks.length; i += 8) {
      await Promise.all(chunks.slice(i, i + 8).map((body, n) => this.put(chunkKey(this.fileKey, i + n), body)));
    }
  }

  async readChunk(chunk: number): Promise<string[][]> {
    const rows = await this.get<string[][]>(chunkKey(this.fileKey, chunk));
    if (!rows) throw new AppError(410, "import_file_gone", "This import's file is no longer stored; upload it again.");
    return rows;
  }

  putRejected(chunk: number, rows: RejectedRow[]): Promise<void> {
    return this.put(rejectedKey(this.fileKey, chunk), JSON.stringify(rows));
  }

  /** A chunk without refused rows has no report object. */
  async readRejected(chunk: number): Promise<RejectedRow[]> {
    return (await this.get<RejectedRow[]>(rejectedKey(this.fileKey, chunk))) ?? [];
  }

  /** Once every row is in D1, the rows themselves need not stay; the reports do. */
  deleteChunks(count: number): Promise<void> {
    return this.bucket.delete(Array.from({ length: count }, (_, i) => chunkKey(this.fileKey, i)));
  }

  private put(key: string, json: string): Promise<void> {
    return putSealed(this.bucket, key, this.dataKey, encoder.encode(json));
  }

  private async get<T>(key: string): Promise<T | null> {
    const plain = await getSealed(this.bucket, key, this.dataKey);
    return plain ? (JSON.parse(decoder.decode(plain)) as T) : null;
  }
}
