/** The files of an export beside the tables: README, manifest, and the messages' lines. */
import { count, eq, sum } from "drizzle-orm";
import type { Db } from "../../db/client";
import { conversations } from "../../db/schema";
import type { DataExport } from "../../db/tables/data";
import type { ExportedMessageRow } from "../../durable/room-api";
import { EXPORT_TABLES } from "./export-tables";
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type ArchiveManifest } from "./archive-manifest";
import { csvLine } from "./table-pages";
import { DeflatedFile } from "./zip-writer";

/** What a restore checks first: which format and version, whose data, and how many rows of each table. */
export function manifestFile(row: DataExport, counts: Record<string, number>): DeflatedFile {
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    kind: row.kind,
    orgId: row.orgId,
    createdAt: row.createdAt,
    tables: Object.fromEntries([...EXPORT_TABLES.map((t) => t.name), "messages"].map((name) => [name, counts[name] ?? 0])),
  };
  const file = new DeflatedFile("manifest.json");
  file.push(`${JSON.stringify(manifest, null, 2)}\n`);
  return file;
}

/** The stored JSON columns go into the line as they are: no parse and stringify per message. */
export function messageJson(conversationId: string, r: ExportedMessageRow): string {
  const s = JSON.stringify;
  return (
    `{"conversationId":${s(conversationId)},"id":${s(r.id)},"seq":${r.seq},"wamid":${s(r.wamid)},"direction":${s(r.direction)},` +
    `"phoneNumberId":${s(r.phone_number_id)},"content":${r.content},"context":${r.context ?? "null"},"waTimestamp":${r.wa_ts},` +
    `"receivedAt":${r.received_at},"status":${s(r.status)},"statusAt":${r.status_at ?? "null"},"error":${r.error ?? "null"},` +
    `"media":${r.media ?? "null"},"author":${r.author ?? "null"},"reactions":${r.reactions || "{}"}}`
  );
}

export function messageCsv(conversationId: string, r: ExportedMessageRow): string {
  return csvLine([
    conversationId,
    r.id,
    r.seq,
    r.wamid,
    r.direction,
    r.phone_number_id,
    r.content,
    r.context,
    r.wa_ts,
    r.received_at,
    r.status,
    r.status_at,
    r.error,
    r.media,
    r.author,
    r.reactions || "{}",
  ]);
}

export async function estimateRows(db: Db, orgId: string): Promise<number> {
  const counts = await Promise.all(
    EXPORT_TABLES.map((spec) => db.select({ n: count() }).from(spec.table).where(eq(spec.org, orgId)).get()),
  );
  const messages = await db
    .select({ n: sum(conversations.messageCount) })
    .from(conversations)
    .where(eq(conversations.orgId, orgId))
    .get();
  return counts.reduce((n, c) => n + (c?.n ?? 0), 0) + Number(messages?.n ?? 0);
}

export function readme(row: DataExport): DeflatedFile {
  const file = new DeflatedFile("README.txt");
  file.push(
    [
      `Parley ${row.kind} of organization ${row.orgId}, started ${new Date(row.createdAt).toISOString()}.`,
      "",
      "Every table is a folder of parts, each part in two forms with the same rows:",
      "  <table>/part-NNNN.ndjson  one JSON object per line",
      "  <table>/part-NNNN.csv     RFC 4180, a header line first; objects and arrays as JSON;",
      "                            text starting with = + - @ is prefixed with ' so spreadsheets do not run it",
      `Tables: ${[...EXPORT_TABLES.map((t) => t.name), "messages"].join(", ")}`,
      "messages holds every message of every conversation (text, media references, statuses, notes,",
      "reactions), by conversation then sequence number. Media files themselves stay in Parley.",
      "Not included: password hashes, two-factor secrets, WhatsApp access tokens, invite tokens.",
      "manifest.json names the format and its version, the organization and the rows of each table:",
      "Backups → Restore in a new organization reads it back.",
      "",
    ].join("\n"),
  );
  return file;
}
