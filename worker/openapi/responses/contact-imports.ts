/** Response schemas of contact CSV imports. */
import { createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import type { ContactImportView } from "../../../db/contact-import-view";
import { contactImports } from "../../../db/tables/crm";
import type { Assert, Same } from "./assert";

const importOut = createSelectSchema(contactImports, {
  columns: z.array(z.string()),
  errors: z.array(z.strictObject({ row: z.int(), message: z.string() })),
})
  .omit({ orgId: true, fileKey: true, mapping: true, createdBy: true })
  .extend({
    mapping: z.array(z.string().nullable()).describe("Per CSV column, the field it feeds (null: left out)"),
    hasErrorReport: z.boolean().describe("Rows were refused: errors.csv lists each with its reason"),
  })
  .strict();
export type _ImportMatches = Assert<Same<z.output<typeof importOut>, ContactImportView>>;

const sample = z.array(z.array(z.string())).describe("The first rows as they are in the file");
export const importsOut = z.strictObject({ imports: z.array(importOut) });
export const importWithSampleOut = z.strictObject({ import: importOut, sample });
export const importOneOut = z.strictObject({ import: importOut });
export const dryRunOut = z.strictObject({
  counts: z.strictObject({ rows: z.int(), create: z.int(), update: z.int(), unchanged: z.int(), skip: z.int(), error: z.int() }),
  preview: z.array(z.strictObject({ line: z.int(), cells: z.array(z.string()), outcome: z.string(), message: z.string().optional() })),
});
