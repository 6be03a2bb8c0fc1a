/** Data stewardship: exports and backups of an organization, and the per-org key that seals them. */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organizations, users } from "../schema";

export const dataExportKinds = ["export", "backup"] as const;
export type DataExportKind = (typeof dataExportKinds)[number];
export const dataExportStatuses = ["queued", "running", "ready", "failed"] as const;
export type DataExportStatus = (typeof dataExportStatuses)[number];

/**
 * One export (asked for by an owner or admin) or backup (made by the daily cron). Built by a chain of
 * Queue messages, each one step; `state` is where the next step starts (see worker/data/export-job.ts).
 */
export const dataExports = sqliteTable(
  "data_exports",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: dataExportKinds }).notNull(),
    status: text("status", { enum: dataExportStatuses }).notNull().default("queued"),
    requestedBy: text("requested_by").references(() => users.id, { onDelete: "set null" }),
    /** The queue step that may run next: a redelivered older step finds a different number and stops. */
    step: integer("step").notNull().default(0),
    /** What the job is writing now (a table name), rows written so far and the estimate of all rows. */
    phase: text("phase"),
    doneRows: integer("done_rows").notNull().default(0),
    totalRows: integer("total_rows").notNull().default(0),
    /** Size of the zip (plaintext) once ready. */
    bytes: integer("bytes"),
    r2Key: text("r2_key").notNull(),
    state: text("state", { mode: "json" }).$type<Record<string, unknown>>(),
    error: text("error"),
    createdAt: integer("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`),
    updatedAt: integer("updated_at").notNull(),
    finishedAt: integer("finished_at"),
    /** When the cron deletes it (R2 object and row): exports after 7 days, backups after 30. */
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("data_exports_org").on(t.orgId, t.createdAt), index("data_exports_expiry").on(t.expiresAt)],
);

/**
 * The key that seals an organization's exports and backups in R2, itself sealed by the master
 * ENCRYPTION_KEY. Deleting this row makes every stored copy of the org unreadable at once.
 */
export const orgDataKeys = sqliteTable("org_data_keys", {
  orgId: text("org_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  keySealed: text("key_sealed").notNull(),
  createdAt: integer("created_at").notNull(),
});

export type DataExport = typeof dataExports.$inferSelect;
