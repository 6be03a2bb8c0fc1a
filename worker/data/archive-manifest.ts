/**
 * The manifest every export and backup carries (`manifest.json`), and its check on the way back in.
 * Version 1: `<table>/part-NNNN.ndjson` per table of EXPORT_TABLES plus `messages`, rows keyed by the
 * drizzle property names. A later version that a restore cannot read is refused, not guessed at.
 */
import { z } from "zod";
import { AppError } from "../errors";

export const ARCHIVE_FORMAT = "parley-export";
export const ARCHIVE_VERSION = 1;

const manifestSchema = z.object({
  format: z.string(),
  version: z.number().int(),
  kind: z.enum(["export", "backup"]),
  orgId: z.string().min(1),
  createdAt: z.number().int(),
  tables: z.record(z.string(), z.number().int().nonnegative()),
});

export type ArchiveManifest = z.infer<typeof manifestSchema>;

export function parseManifest(text: string | null): ArchiveManifest {
  if (text === null)
    throw new AppError(
      422,
      "archive_invalid",
      "This zip has no manifest.json: it is not a Parley export or backup (or it was made before restores existed).",
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError(422, "archive_invalid", "manifest.json is not valid JSON.");
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success || parsed.data.format !== ARCHIVE_FORMAT)
    throw new AppError(422, "archive_invalid", "manifest.json does not describe a Parley export or backup.");
  if (parsed.data.version !== ARCHIVE_VERSION)
    throw new AppError(
      422,
      "archive_version",
      `This archive is format version ${parsed.data.version}; this Parley restores version ${ARCHIVE_VERSION} only.`,
    );
  return parsed.data;
}
