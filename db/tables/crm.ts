/**
 * CRM: what the team defines about its contacts (labels, lifecycle stages, custom fields, segments) and
 * what is kept about each one beyond its row in db/schema.ts (numbers used, timeline, imports).
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { JsonObject } from "../../durable/protocol";
import { contacts, organizations } from "../schema";

const createdAt = () => integer("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`);
const orgRef = () =>
  text("org_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });
const contactRef = () =>
  text("contact_id")
    .notNull()
    .references(() => contacts.id, { onDelete: "cascade" });

/** Org-defined, coloured labels, shared by contacts and conversations (both store label names). */
export const labels = sqliteTable(
  "labels",
  {
    id: text("id").primaryKey(),
    orgId: orgRef(),
    name: text("name").notNull(),
    /** A CSS hex colour, `#rrggbb`. */
    color: text("color").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("labels_org_name").on(t.orgId, t.name)],
);

/** An org's ordered lifecycle stages. An org without rows has the defaults (worker/crm/stages.ts writes them on first use). */
export const lifecycleStages = sqliteTable(
  "lifecycle_stages",
  {
    orgId: orgRef(),
    /** Stable key stored on contacts (`contacts.stage`); the name can change. */
    key: text("key").notNull(),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    color: text("color").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] })],
);

export const customFieldTypes = ["text", "number", "date", "select", "multiselect", "boolean", "url"] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];

/** A custom field an org defines; values live in `contacts.custom_fields` under `key`. */
export const customFieldDefs = sqliteTable(
  "custom_field_defs",
  {
    id: text("id").primaryKey(),
    orgId: orgRef(),
    /** Stable machine name (`[a-z][a-z0-9_]*`), the JSON key of the value and the CSV/template name. */
    key: text("key").notNull(),
    label: text("label").notNull(),
    type: text("type", { enum: customFieldTypes }).notNull(),
    /** The choices of a select or multiselect. */
    options: text("options", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    required: integer("required", { mode: "boolean" }).notNull().default(false),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("custom_field_defs_org_key").on(t.orgId, t.key)],
);

/**
 * A contact's earlier WhatsApp numbers (`contacts.wa_id` is the current one). A trigger on contacts
 * (migrations/0005) writes a row whenever `wa_id` changes, whoever changes it; merges add the loser's
 * numbers, so a message from any of them can be routed to the one contact.
 */
export const contactNumbers = sqliteTable(
  "contact_numbers",
  {
    id: text("id").primaryKey(),
    orgId: orgRef(),
    contactId: contactRef(),
    waId: text("wa_id").notNull(),
    /** `whatsapp` (seen in a webhook), `number_change`, `import`, `manual`, `merge`. */
    source: text("source").notNull(),
    addedAt: integer("added_at").notNull(),
    replacedAt: integer("replaced_at"),
  },
  (t) => [uniqueIndex("contact_numbers_contact_wa").on(t.contactId, t.waId), index("contact_numbers_org_wa").on(t.orgId, t.waId)],
);

export const contactEventKinds = ["stage", "note", "merge", "import", "opt_in", "opt_out", "owner", "lead_score", "created"] as const;
export type ContactEventKind = (typeof contactEventKinds)[number];

/**
 * The contact's timeline beside its conversations: stage changes (the stage history: `detail.from`,
 * `detail.to`), notes, merges, consent changes. Append-only.
 */
export const contactEvents = sqliteTable(
  "contact_events",
  {
    id: text("id").primaryKey(),
    orgId: orgRef(),
    contactId: contactRef(),
    kind: text("kind", { enum: contactEventKinds }).notNull(),
    detail: text("detail", { mode: "json" }).$type<JsonObject>().notNull().default(sql`'{}'`),
    /** The agent, or null for Parley itself (a webhook, an import). */
    byUserId: text("by_user_id"),
    at: integer("at").notNull(),
  },
  (t) => [index("contact_events_contact").on(t.orgId, t.contactId, t.at), index("contact_events_org_kind").on(t.orgId, t.kind, t.at)],
);

/** A named contact filter (worker/schemas/contacts.ts `ContactFilter`), evaluated live; Broadcasts use them as audiences. */
export const segments = sqliteTable(
  "segments",
  {
    id: text("id").primaryKey(),
    orgId: orgRef(),
    name: text("name").notNull(),
    filter: text("filter", { mode: "json" }).$type<JsonObject>().notNull(),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("segments_org_name").on(t.orgId, t.name)],
);

/** Contacts added to a segment by hand (bulk "add to segment"); a segment holds its filter's matches and these. */
export const segmentMembers = sqliteTable(
  "segment_members",
  {
    segmentId: text("segment_id")
      .notNull()
      .references(() => segments.id, { onDelete: "cascade" }),
    contactId: contactRef(),
    orgId: orgRef(),
  },
  (t) => [primaryKey({ columns: [t.segmentId, t.contactId] }), index("segment_members_contact").on(t.contactId)],
);

/** draft: uploaded, waiting for its mapping; pending: started, its first step queued. */
export const importStates = ["draft", "pending", "running", "done", "failed"] as const;

/**
 * A CSV import: the upload is parsed once into chunks of rows in R2 (`file_key` + `/chunk-NNNN.json`);
 * the job applies them in order from `next_row`, each chunk in one D1 batch with the advance of
 * `next_row`, so a restart resumes where the last committed chunk ended and never applies one twice.
 */
export const contactImports = sqliteTable(
  "contact_imports",
  {
    id: text("id").primaryKey(),
    orgId: orgRef(),
    state: text("state", { enum: importStates }).notNull().default("pending"),
    fileKey: text("file_key").notNull(),
    fileName: text("file_name").notNull(),
    /** CSV column → contact field (`name`, `phone`, `custom.<key>`, …). */
    mapping: text("mapping", { mode: "json" }).$type<Record<string, string>>().notNull(),
    /** The CSV's header row, as uploaded. */
    columns: text("columns", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** A row matching an existing contact by phone or email: `update` fills that contact in, `skip` leaves it. */
    onDuplicate: text("on_duplicate", { enum: ["update", "skip"] })
      .notNull()
      .default("update"),
    defaultCountry: text("default_country"),
    totalRows: integer("total_rows").notNull().default(0),
    nextRow: integer("next_row").notNull().default(0),
    created: integer("created").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    /** Rows matching an existing contact, left alone because `on_duplicate` is `skip`. */
    skipped: integer("skipped").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    /** The first errors (row number, message); the full report is a CSV in R2 at `file_key + '.errors.csv'`. */
    errors: text("errors", { mode: "json" }).$type<{ row: number; message: string }[]>().notNull().default(sql`'[]'`),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("contact_imports_org").on(t.orgId, t.createdAt)],
);

export type Label = typeof labels.$inferSelect;
export type LifecycleStage = typeof lifecycleStages.$inferSelect;
export type CustomFieldDef = typeof customFieldDefs.$inferSelect;
export type ContactNumber = typeof contactNumbers.$inferSelect;
export type ContactEvent = typeof contactEvents.$inferSelect;
export type Segment = typeof segments.$inferSelect;
export type ContactImport = typeof contactImports.$inferSelect;
