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

export const dataRestoreStatuses = ["queued", "verifying", "restoring", "ready", "failed"] as const;
export type DataRestoreStatus = (typeof dataRestoreStatuses)[number];

/**
 * An uploaded export or backup being restored into a new organization (`org_id`, one that held no data
 * when the upload came). The archive waits sealed in R2 under `r2_key` until the job is done with it.
 * Steps as for exports: `step` is the Queue step that may run next, `state` where it starts.
 */
export const dataRestores = sqliteTable(
  "data_restores",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    requestedBy: text("requested_by").references(() => users.id, { onDelete: "set null" }),
    status: text("status", { enum: dataRestoreStatuses }).notNull().default("queued"),
    step: integer("step").notNull().default(0),
    /** The archive's organization and when it was made (from its manifest). */
    sourceOrgId: text("source_org_id").notNull(),
    sourceCreatedAt: integer("source_created_at").notNull(),
    phase: text("phase"),
    doneRows: integer("done_rows").notNull().default(0),
    totalRows: integer("total_rows").notNull().default(0),
    bytes: integer("bytes").notNull(),
    r2Key: text("r2_key").notNull(),
    state: text("state", { mode: "json" }).$type<Record<string, unknown>>(),
    /** What the archive held that a new organization cannot take over as it was (members, numbers). */
    report: text("report", { mode: "json" }).$type<RestoreReport>(),
    error: text("error"),
    createdAt: integer("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`),
    updatedAt: integer("updated_at").notNull(),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("data_restores_org").on(t.orgId, t.createdAt)],
);

export interface RestoreReport {
  /** People keep their accounts in the archive's organization; the owner invites them again. */
  members: { email: string; name: string; role: string }[];
  /** A number belongs to one organization and its token is never exported: reconnect it. */
  numbers: { phoneNumberId: string; displayPhoneNumber: string }[];
}

export type DataRestore = typeof dataRestores.$inferSelect;
