/** A contact import as the API returns it and the org's live frames carry it (progress included). */
import type { ContactImport } from "./tables/crm";

export type ContactImportView = Omit<ContactImport, "orgId" | "fileKey" | "mapping" | "createdBy"> & {
  /** Per CSV column, the field it feeds (null: left out). */
  mapping: (string | null)[];
  /** Whether rows were refused: the error report (every refused row with its reason) is then downloadable. */
  hasErrorReport: boolean;
};

export function toImportView(row: ContactImport): ContactImportView {
  const { orgId: _o, fileKey: _f, mapping, createdBy: _c, ...rest } = row;
  return { ...rest, mapping: row.columns.map((_, i) => mapping[String(i)] ?? null), hasErrorReport: row.failed > 0 };
}
