/**
 * One chunk of an import's rows against the org's contacts: each row is read (or refused with its
 * reason), matched to an existing contact by any form of its phone number (earlier numbers included)
 * or its email, and becomes a new contact, a fill-in of the one it matched, or nothing. The writes are
 * three statements whatever the chunk's size (rows travel as one JSON parameter each), so the caller
 * commits a chunk and the import's progress in one D1 batch.
 *
 * Re-running a chunk changes nothing: new contacts get ids derived from the import and the row, and
 * inserts skip ids that exist; a row equal to its contact counts as unchanged and writes nothing.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../../db/client";
import type { Contact, ContactAddress, CustomFieldValue } from "../../../db/schema";
import { contacts } from "../../../db/schema";
import { contactNumbers } from "../../../db/tables/crm";
import { phoneVariants } from "../phone-number";
import { readRow, type ImportedContact, type MappingContext } from "./import-mapping";

export interface RejectedRow {
  /** The row's line in the file (the header is line 1). */
  line: number;
  message: string;
  cells: string[];
}

export interface ChunkPlan {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  rejected: RejectedRow[];
  /** The writes, empty when nothing changes. */
  statements: SQL[];
  /** What each row became, for the mapping screen's preview. */
  outcomes: ("create" | "update" | "unchanged" | "skip" | "error")[];
}

export interface ChunkInput {
  orgId: string;
  importId: string;
  fileName: string;
  onDuplicate: "update" | "skip";
  /** Contacts the plan still allows (null: no limit). Decremented as rows create contacts. */
  capacity: { left: number | null };
  /** Index of the chunk's first data row in the file (0-based). */
  firstRow: number;
  rows: string[][];
  ctx: MappingContext;
  now: number;
  /** Dry runs write nothing, so keys created by earlier chunks are remembered here instead. */
  seenNew?: Set<string>;
}

type Pending = {
  id: string;
  isNew: boolean;
  base: Contact | null;
  /** Only the fields this import sets: an import fills in, never clears. */
  set: Partial<ImportedContact> & { tags?: string[] };
  events: { kind: string; detail: Record<string, unknown> }[];
};

const phoneKey = (waId: string) => `w|${waId}`;
const emailKey = (email: string) => `e|${email}`;
const keysOf = (c: ImportedContact) => [...(c.waId ? phoneVariants(c.waId).map(phoneKey) : []), ...(c.email ? [emailKey(c.email)] : [])];
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A chunk's numbers and emails against the org's contacts and earlier numbers: each list is one JSON parameter, searched through the org's indexes. */
export function lookupQueries(db: Db, orgId: string, phones: string[], emails: string[]) {
  const inList = (values: string[]) => sql`(select value from json_each(${JSON.stringify(values)}))`;
  // Two queries, not one with OR: SQLite then walked every contact of the org down one index.
  return [
    db
      .select()
      .from(contacts)
      .where(and(eq(contacts.orgId, orgId), sql`${contacts.waId} in ${inList(phones)}`)),
    db
      .select()
      .from(contacts)
      .where(and(eq(contacts.orgId, orgId), sql`${contacts.email} in ${inList(emails)}`)),
    db
      .select({ waId: contactNumbers.waId, contact: contacts })
      .from(contactNumbers)
      .innerJoin(contacts, eq(contacts.id, contactNumbers.contactId))
      .where(and(eq(contactNumbers.orgId, orgId), sql`${contactNumbers.waId} in ${inList(phones)}`)),
  ] as const;
}

/** The org's contacts any of these rows could be: by phone (current or earlier) or by email, in three queries. */
async function existingContacts(db: Db, orgId: string, rows: ImportedContact[]): Promise<Map<string, Contact>> {
  const phones = [...new Set(rows.flatMap((r) => (r.waId ? phoneVariants(r.waId) : [])))];
  const emails = [...new Set(rows.flatMap((r) => (r.email ? [r.email] : [])))];
  const byKey = new Map<string, Contact>();
  if (!phones.length && !emails.length) return byKey;
  const [byPhone, byEmail, former] = await db.batch(lookupQueries(db, orgId, phones, emails));
  const current = [...byPhone, ...byEmail];
  for (const f of former) byKey.set(phoneKey(f.waId), f.contact);
  // The oldest contact wins when two already share a key, so repeated imports keep picking the same one.
  for (const c of current.sort((a, b) => b.createdAt - a.createdAt)) {
    if (c.waId) byKey.set(phoneKey(c.waId), c);
    if (c.email) byKey.set(emailKey(c.email), c);
  }
  return byKey;
}

/** What `row` changes on `pending`'s contact (its stored values and what earlier rows set): only differences are kept. */
function fillIn(p: Pending, row: ImportedContact, basis: string, firstStage: string | undefined): boolean {
  const base = p.base;
  const cur = <K extends keyof ImportedContact>(k: K, stored: unknown) => (k in p.set ? p.set[k] : stored);
  let changed = false;
  const put = <K extends keyof ImportedContact>(k: K, value: ImportedContact[K], stored: unknown) => {
    if (value === null || same(cur(k, stored), value)) return;
    p.set[k] = value;
    changed = true;
  };
  put("displayName", row.displayName, base?.displayName ?? null);
  put("email", row.email, base?.email ?? null);
  // A matched contact keeps its current number; one found by email without a number gets the row's.
  if (row.waId && !(base?.waId ?? p.set.waId)) put("waId", row.waId, null);
  put("language", row.language, base?.language ?? null);
  put("notes", row.notes, base?.notes ?? null);
  put("leadScore", row.leadScore, base?.leadScore ?? null);
  const tags = (cur("tags", base?.tags ?? []) as string[]) ?? [];
  const moreTags = row.tags.filter((t) => !tags.includes(t));
  if (moreTags.length) put("tags", [...tags, ...moreTags].slice(0, 30), tags);
  if (row.address) {
    const addr = { ...((cur("address", base?.address ?? null) as ContactAddress | null) ?? {}), ...row.address };
    put("address", addr, base?.address ?? null);
  }
  const fields = { ...((cur("customFields", base?.customFields ?? {}) as Record<string, CustomFieldValue>) ?? {}) };
  const moreFields = Object.entries(row.customFields).filter(([k, v]) => !same(fields[k], v));
  if (moreFields.length) put("customFields", { ...fields, ...Object.fromEntries(moreFields) }, base?.customFields ?? {});
  if (row.stage) {
    // A contact without a stage is in the first one (as the list and the export show it).
    const from = (cur("stage", base ? (base.stage ?? firstStage ?? null) : null) as string | null) ?? null;
    if (from !== row.stage) {
      put("stage", row.stage, from);
      p.events.push({ kind: "stage", detail: { from, to: row.stage, source: "import" } });
    }
  }
  if (row.optIn !== null) {
    const status = base ? marketing(base) : "unknown";
    const wanted = row.optIn ? "opted_in" : "opted_out";
    if (cur("optIn", null) === null && status !== wanted) {
      p.set.optIn = row.optIn;
      changed = true;
      p.events.push({ kind: row.optIn ? "opt_in" : "opt_out", detail: { source: "import", ...(row.optIn && { basis }) } });
    }
  }
  return changed;
}

function marketing(c: Contact): "opted_in" | "opted_out" | "unknown" {
  if (c.marketingOptOutAt !== null && (c.marketingOptInAt === null || c.marketingOptOutAt >= c.marketingOptInAt)) return "opted_out";
  return c.marketingOptInAt !== null ? "opted_in" : "unknown";
}

export async function planChunk(db: Db, input: ChunkInput): Promise<ChunkPlan> {
  const { ctx, orgId } = input;
  const plan: ChunkPlan = { created: 0, updated: 0, unchanged: 0, skipped: 0, rejected: [], statements: [], outcomes: [] };
  const read = input.rows.map((cells) => readRow(cells, ctx));
  const found = await existingContacts(
    db,
    orgId,
    read.flatMap((r) => (r.ok ? [r.contact] : [])),
  );
  const pending = new Map<string, Pending>();
  const byKey = new Map<string, Pending>();
  const basis = `Consent column of the CSV import "${input.fileName}"`;
  const idPrefix = input.importId.replace(/^imp_/, "");

  for (const [i, result] of read.entries()) {
    const line = input.firstRow + i + 2;
    const cells = input.rows[i]!;
    const reject = (message: string) => {
      plan.rejected.push({ line, message, cells });
      plan.outcomes.push("error");
    };
    if (!result.ok) {
      reject(result.message);
      continue;
    }
    const row = result.contact;
    const keys = keysOf(row);
    let p = keys.map((k) => byKey.get(k)).find(Boolean);
    if (!p) {
      const existing = keys.map((k) => found.get(k)).find(Boolean);
      if (existing) p = pending.get(existing.id) ?? { id: existing.id, isNew: false, base: existing, set: {}, events: [] };
    }
    // Rows of this same import that name one customer fill in one contact, whatever `onDuplicate` says.
    const ownContact = p !== undefined && (p.isNew || p.id.startsWith(`ct_${idPrefix}_`));
    if (!p && keys.some((k) => input.seenNew?.has(k))) {
      // A dry run's earlier chunk would have created it: the real run fills that contact in.
      plan.unchanged++;
      plan.outcomes.push("unchanged");
      continue;
    }
    if (p && !ownContact && input.onDuplicate === "skip") {
      plan.skipped++;
      plan.outcomes.push("skip");
      continue;
    }
    if (p) {
      const changed = fillIn(p, row, basis, ctx.stages[0]?.key);
      if (changed) plan.updated++;
      else plan.unchanged++;
      plan.outcomes.push(changed ? "update" : "unchanged");
      pending.set(p.id, p);
      for (const k of keys) byKey.set(k, p);
      continue;
    }
    const missing = ctx.fields.find((f) => f.required && row.customFields[f.key] === undefined);
    if (missing) {
      reject(`customFields.${missing.key}: ${missing.label} is required for a new contact.`);
      continue;
    }
    if (input.capacity.left !== null) {
      if (input.capacity.left <= 0) {
        reject("Your plan's contact limit is reached: this row would add a contact. Upgrade under Billing, then import the error report.");
        continue;
      }
      input.capacity.left--;
    }
    const created: Pending = { id: `ct_${idPrefix}_${line}`, isNew: true, base: null, set: {}, events: [] };
    fillIn(created, row, basis, ctx.stages[0]?.key);
    created.events.unshift({ kind: "import", detail: { importId: input.importId, fileName: input.fileName, line } });
    pending.set(created.id, created);
    for (const k of keys) {
      byKey.set(k, created);
      input.seenNew?.add(k);
    }
    plan.created++;
    plan.outcomes.push("create");
  }

  const writes = [...pending.values()];
  const inserts = writes.filter((p) => p.isNew).map((p) => ({ id: p.id, ...p.set }));
  const updates = writes.filter((p) => !p.isNew && Object.keys(p.set).length).map((p) => ({ id: p.id, ...p.set }));
  const events = writes.flatMap((p) =>
    p.events.map((e, n) => ({ id: `ce_imp_${idPrefix}_${p.id}_${n}`, contactId: p.id, kind: e.kind, detail: e.detail })),
  );
  const now = input.now;
  if (inserts.length) plan.statements.push(insertSql(orgId, inserts, now, basis));
  if (updates.length) plan.statements.push(updateSql(orgId, updates, now, basis));
  if (events.length) plan.statements.push(eventsSql(orgId, events, now));
  return plan;
}

const v = (path: string) => sql.raw(`json_extract(u.value, '$.${path}')`);

function insertSql(orgId: string, rows: object[], now: number, basis: string): SQL {
  return sql`insert into contacts (id, org_id, wa_id, email, display_name, tags, language, notes, address, custom_fields,
      stage, stage_changed_at, lead_score, lead_score_source, lead_score_at,
      marketing_opt_in_at, marketing_opt_in_source, marketing_opt_in_basis, marketing_opt_out_at, marketing_opt_out_source, marketing_opt_changed_at,
      version, created_at, updated_at)
    select ${v("id")}, ${orgId}, ${v("waId")}, ${v("email")}, ${v("displayName")}, coalesce(${v("tags")}, '[]'), ${v("language")}, ${v("notes")},
      ${v("address")}, coalesce(${v("customFields")}, '{}'),
      ${v("stage")}, case when ${v("stage")} is not null then ${now} end,
      ${v("leadScore")}, case when ${v("leadScore")} is not null then 'import' end, case when ${v("leadScore")} is not null then ${now} end,
      case when ${v("optIn")} = 1 then ${now} end, case when ${v("optIn")} = 1 then 'import' end, case when ${v("optIn")} = 1 then ${basis} end,
      case when ${v("optIn")} = 0 then ${now} end, case when ${v("optIn")} = 0 then 'import' end, case when ${v("optIn")} is not null then ${now} end,
      1, ${now}, ${now}
    from json_each(${JSON.stringify(rows)}) as u where true
    on conflict (id) do nothing`;
}

/** Only the fields each row sets are written (JSON columns merged key by key), so an agent's edit to another field stands. */
function updateSql(orgId: string, rows: object[], now: number, basis: string): SQL {
  const keep = (column: string, path: string) => sql.raw(`coalesce(json_extract(u.value, '$.${path}'), contacts.${column})`);
  return sql`update contacts set
      display_name = ${keep("display_name", "displayName")},
      email = ${keep("email", "email")},
      wa_id = ${keep("wa_id", "waId")},
      language = ${keep("language", "language")},
      notes = ${keep("notes", "notes")},
      tags = ${keep("tags", "tags")},
      address = case when ${v("address")} is null then contacts.address else json_patch(coalesce(contacts.address, '{}'), ${v("address")}) end,
      custom_fields = case when ${v("customFields")} is null then contacts.custom_fields else json_patch(contacts.custom_fields, ${v("customFields")}) end,
      stage = ${keep("stage", "stage")},
      stage_changed_at = case when ${v("stage")} is null then contacts.stage_changed_at else ${now} end,
      lead_score = ${keep("lead_score", "leadScore")},
      lead_score_source = case when ${v("leadScore")} is null then contacts.lead_score_source else 'import' end,
      lead_score_by = case when ${v("leadScore")} is null then contacts.lead_score_by end,
      lead_score_at = case when ${v("leadScore")} is null then contacts.lead_score_at else ${now} end,
      marketing_opt_in_at = case when ${v("optIn")} = 1 then ${now} else contacts.marketing_opt_in_at end,
      marketing_opt_in_source = case when ${v("optIn")} = 1 then 'import' else contacts.marketing_opt_in_source end,
      marketing_opt_in_basis = case when ${v("optIn")} = 1 then ${basis} else contacts.marketing_opt_in_basis end,
      marketing_opt_in_by = case when ${v("optIn")} = 1 then null else contacts.marketing_opt_in_by end,
      marketing_opt_out_at = case when ${v("optIn")} = 0 then ${now} else contacts.marketing_opt_out_at end,
      marketing_opt_out_source = case when ${v("optIn")} = 0 then 'import' else contacts.marketing_opt_out_source end,
      marketing_opt_changed_at = case when ${v("optIn")} is null then contacts.marketing_opt_changed_at else ${now} end,
      version = contacts.version + 1,
      updated_at = ${now}
    from json_each(${JSON.stringify(rows)}) as u
    where contacts.id = ${v("id")} and contacts.org_id = ${orgId}`;
}

function eventsSql(orgId: string, rows: object[], now: number): SQL {
  return sql`insert into contact_events (id, org_id, contact_id, kind, detail, by_user_id, at)
    select ${v("id")}, ${orgId}, ${v("contactId")}, ${v("kind")}, ${v("detail")}, null, ${now}
    from json_each(${JSON.stringify(rows)}) as u where true
    on conflict (id) do nothing`;
}
