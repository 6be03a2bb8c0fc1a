/** Exports, backups and restores as the API returns them and the org's live frames carry them. */
import type { DataExport, DataRestore } from "./tables/data";

/** No storage key, no job state. */
export function toExportView(row: DataExport) {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    phase: row.phase,
    doneRows: row.doneRows,
    totalRows: row.totalRows,
    bytes: row.bytes,
    error: row.error,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    expiresAt: row.expiresAt,
  };
}

export function toRestoreView(row: DataRestore) {
  return {
    id: row.id,
    status: row.status,
    phase: row.phase,
    doneRows: row.doneRows,
    totalRows: row.totalRows,
    bytes: row.bytes,
    sourceOrgId: row.sourceOrgId,
    sourceCreatedAt: row.sourceCreatedAt,
    report: row.report,
    error: row.error,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

export type ExportView = ReturnType<typeof toExportView>;
export type RestoreView = ReturnType<typeof toRestoreView>;

export type DataJobProgress = { kind: "export" | "backup"; job: ExportView } | { kind: "restore"; job: RestoreView };
