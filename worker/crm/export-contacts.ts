/**
 * CSV export of any filtered list or segment: every field, custom fields as columns. Streamed page by
 * page (an index walk each, like the list), so 100,000 contacts never sit in memory at once.
 */
import type { SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { marketingStatus } from "../../db/contact-view";
import type { Contact } from "../../db/schema";
import type { CustomFieldView } from "./custom-fields";
import { pageQuery } from "./list-contacts";

const PAGE = 500;

const iso = (ms: number | null) => (ms === null ? "" : new Date(ms).toISOString());

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs it as a formula. */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? "" : Array.isArray(value) ? value.join("; ") : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const BASE: [string, (c: Contact) => unknown][] = [
  ["id", (c) => c.id],
  ["name", (c) => c.displayName],
  ["whatsapp_name", (c) => c.profileName],
  ["phone", (c) => (c.waId ? `+${c.waId}` : "")],
  ["email", (c) => c.email],
  ["street", (c) => c.address?.street],
  ["city", (c) => c.address?.city],
  ["postal_code", (c) => c.address?.postalCode],
  ["country", (c) => c.address?.country],
  ["language", (c) => c.language],
  ["tags", (c) => c.tags],
  ["labels", (c) => c.labels],
  ["stage", (c) => c.stage],
  ["lead_score", (c) => c.leadScore],
  ["owner_id", (c) => c.ownerId],
  ["marketing", (c) => marketingStatus(c)],
  ["opt_in_at", (c) => iso(c.marketingOptInAt)],
  ["opt_in_basis", (c) => c.marketingOptInBasis],
  ["opt_out_at", (c) => iso(c.marketingOptOutAt)],
  ["opt_out_source", (c) => c.marketingOptOutSource],
  ["notes", (c) => c.notes],
  ["created_at", (c) => iso(c.createdAt)],
  ["last_inbound_at", (c) => iso(c.lastInboundAt)],
  ["conversations", (c) => c.conversationCount],
];

export function exportContactsCsv(db: Db, where: SQL, fields: CustomFieldView[], firstStage: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const header = [...BASE.map(([h]) => h), ...fields.map((f) => f.key)].map(csvCell).join(",");
  let cursor: string | undefined;
  let started = false;
  let done = false;
  return new ReadableStream({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`${header}\r\n`));
        return;
      }
      if (done) return controller.close();
      const rows = await pageQuery(db, where, { sort: "createdAt", dir: "asc", limit: PAGE, ...(cursor && { cursor }) }).all();
      const page = rows.slice(0, PAGE);
      const lines = page.map(({ contact: c }) =>
        [...BASE.map(([h, get]) => (h === "stage" ? (c.stage ?? firstStage) : get(c))), ...fields.map((f) => c.customFields[f.key])]
          .map(csvCell)
          .join(","),
      );
      if (lines.length) controller.enqueue(encoder.encode(`${lines.join("\r\n")}\r\n`));
      const last = page.at(-1);
      if (rows.length > PAGE && last) cursor = btoa(JSON.stringify([last.sortValue, last.contact.id]));
      else done = true;
    },
  });
}
