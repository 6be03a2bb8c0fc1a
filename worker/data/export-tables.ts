/**
 * What an export holds, table by table: the columns a person may take away (never a password hash,
 * a sealed secret or a token hash), read org-scoped in keyset pages by id. A domain that adds tables
 * adds them here, and the export, the backup and the restore carry them.
 */
import { and, asc, eq, getTableColumns, gt, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client";
import {
  auditLog,
  cannedResponses,
  contacts,
  conversations,
  invites,
  organizations,
  templates,
  users,
  whatsappNumbers,
} from "../../db/schema";
import { automationRules, businessHours } from "../../db/tables/automation";
import { campaigns } from "../../db/tables/campaigns";
import { contactEvents, contactImports, contactNumbers, customFieldDefs, labels, segments } from "../../db/tables/crm";

export interface ExportTable {
  /** The file name in the zip, and what a restore reads back. */
  name: string;
  table: SQLiteTable;
  id: SQLiteColumn;
  /** The org scope; the organization itself is scoped by its id. */
  org: SQLiteColumn;
  columns: Record<string, SQLiteColumn>;
}

const t = (name: string, table: SQLiteTable, id: SQLiteColumn, org: SQLiteColumn, columns: Record<string, SQLiteColumn>): ExportTable => ({
  name,
  table,
  id,
  org,
  columns,
});

export const EXPORT_TABLES: ExportTable[] = [
  t("organization", organizations, organizations.id, organizations.id, {
    id: organizations.id,
    name: organizations.name,
    requireTwoFactor: organizations.requireTwoFactor,
    staySignedIn: organizations.staySignedIn,
    createdAt: organizations.createdAt,
  }),
  t("members", users, users.id, users.orgId, {
    id: users.id,
    email: users.email,
    name: users.name,
    role: users.role,
    twoFactorEnabledAt: users.totpEnabledAt,
    createdAt: users.createdAt,
    updatedAt: users.updatedAt,
  }),
  t("invites", invites, invites.id, invites.orgId, {
    id: invites.id,
    email: invites.email,
    role: invites.role,
    invitedBy: invites.invitedBy,
    expiresAt: invites.expiresAt,
    acceptedAt: invites.acceptedAt,
    revokedAt: invites.revokedAt,
    createdAt: invites.createdAt,
  }),
  t("whatsapp_numbers", whatsappNumbers, whatsappNumbers.id, whatsappNumbers.orgId, {
    id: whatsappNumbers.id,
    phoneNumberId: whatsappNumbers.phoneNumberId,
    wabaId: whatsappNumbers.wabaId,
    displayPhoneNumber: whatsappNumbers.displayPhoneNumber,
    verifiedName: whatsappNumbers.verifiedName,
    createdAt: whatsappNumbers.createdAt,
  }),
  all("contacts", contacts),
  all("conversations", conversations),
  all("canned_responses", cannedResponses),
  all("templates", templates),
  all("audit_log", auditLog),
  all("labels", labels),
  all("custom_field_defs", customFieldDefs),
  all("contact_numbers", contactNumbers),
  all("contact_events", contactEvents),
  all("segments", segments),
  all("contact_imports", contactImports),
  all("campaigns", campaigns),
  all("automation_rules", automationRules),
  t("business_hours", businessHours, businessHours.orgId, businessHours.orgId, getTableColumns(businessHours)),
];

/** The messages file's columns, in the order of its CSV header. */
export const MESSAGE_COLUMNS = [
  "conversationId",
  "id",
  "seq",
  "wamid",
  "direction",
  "phoneNumberId",
  "content",
  "context",
  "waTimestamp",
  "receivedAt",
  "status",
  "statusAt",
  "error",
  "media",
  "author",
  "reactions",
] as const;

/** A table with nothing secret in it: every column, so a column another domain adds is exported too. */
function all(name: string, table: SQLiteTable & { id: SQLiteColumn; orgId: SQLiteColumn }): ExportTable {
  return t(name, table, table.id, table.orgId, getTableColumns(table));
}

/** One page of a table's rows for `orgId`, after id `after`. */
export function readPage(db: Db, spec: ExportTable, orgId: string, after: string | null, limit: number) {
  const where: SQL[] = [eq(spec.org, orgId)];
  if (after !== null) where.push(gt(spec.id, after));
  return db
    .select(spec.columns)
    .from(spec.table)
    .where(and(...where))
    .orderBy(asc(spec.id))
    .limit(limit)
    .all() as Promise<Record<string, unknown>[]>;
}

/** One CSV line (RFC 4180): objects and arrays as JSON, null as empty. */
export function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s = typeof v === "object" ? JSON.stringify(v) : String(v);
  // A customer's text opened in a spreadsheet must not run as a formula.
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
