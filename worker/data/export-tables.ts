/**
 * What an export holds, table by table: the columns a person may take away (never a password hash,
 * a sealed secret or a token hash), read org-scoped in keyset pages (by id, or by rowid for tables keyed
 * by several columns). A domain that adds a table with an org_id lists it here or in NOT_EXPORTED
 * (test/worker/data-restore.test.ts fails otherwise), and the export, the backup and the restore carry it.
 */
import { getTableColumns } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import * as core from "../../db/schema";
import * as ai from "../../db/tables/ai";
import * as analytics from "../../db/tables/analytics";
import * as automation from "../../db/tables/automation";
import * as campaigns from "../../db/tables/campaigns";
import * as commerce from "../../db/tables/commerce";
import * as crm from "../../db/tables/crm";
import { emailDeliveries } from "../../db/tables/email";
import * as payments from "../../db/tables/payments";
import * as history from "../../db/tables/purchase-history";
import * as rollups from "../../db/tables/rollups";

export interface ExportTable {
  /** The file name in the zip, and what a restore reads back. */
  name: string;
  table: SQLiteTable;
  /** The keyset: a unique column, or the rowid for tables keyed by several columns. */
  key: SQLiteColumn | "rowid";
  /** The org scope; the organization itself is scoped by its id. */
  org: SQLiteColumn;
  columns: Record<string, SQLiteColumn>;
  /**
   * Whether a restore writes the rows back as they were. Not: the organization (its settings are applied
   * to the new one), people and numbers (they belong to the archive's org: see RestoreReport), usage
   * and mail logs (a new org's budget and mail start afresh), read cursors (they name members).
   */
  restore: boolean;
}

type OrgTable = SQLiteTable & { orgId: SQLiteColumn };

/** Every column, so a column another domain adds is exported too; keyed by `key` (default: `id`). */
function all(name: string, table: OrgTable, key?: SQLiteColumn | "rowid", restore = true): ExportTable {
  const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
  return { name, table, key: key ?? columns.id!, org: table.orgId, columns, restore };
}

const { organizations: o, users: u, invites: i, whatsappNumbers: n } = core;

// Order matters to a restore: a row comes after the rows its foreign keys name.
export const EXPORT_TABLES: ExportTable[] = [
  {
    name: "organization",
    table: o,
    key: o.id,
    org: o.id,
    columns: { id: o.id, name: o.name, requireTwoFactor: o.requireTwoFactor, staySignedIn: o.staySignedIn, createdAt: o.createdAt },
    restore: false,
  },
  {
    name: "members",
    table: u,
    key: u.id,
    org: u.orgId,
    columns: {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      twoFactorEnabledAt: u.totpEnabledAt,
      createdAt: u.createdAt,
      updatedAt: u.updatedAt,
    },
    restore: false,
  },
  {
    name: "invites",
    table: i,
    key: i.id,
    org: i.orgId,
    columns: {
      id: i.id,
      email: i.email,
      role: i.role,
      invitedBy: i.invitedBy,
      expiresAt: i.expiresAt,
      acceptedAt: i.acceptedAt,
      revokedAt: i.revokedAt,
      createdAt: i.createdAt,
    },
    restore: false,
  },
  {
    name: "whatsapp_numbers",
    table: n,
    key: n.id,
    org: n.orgId,
    columns: {
      id: n.id,
      phoneNumberId: n.phoneNumberId,
      wabaId: n.wabaId,
      displayPhoneNumber: n.displayPhoneNumber,
      verifiedName: n.verifiedName,
      createdAt: n.createdAt,
    },
    restore: false,
  },
  all("contacts", core.contacts),
  all("conversations", core.conversations),
  all("canned_responses", core.cannedResponses),
  all("templates", core.templates),
  all("audit_log", core.auditLog),
  all("labels", crm.labels),
  all("lifecycle_stages", crm.lifecycleStages, "rowid"),
  all("custom_field_defs", crm.customFieldDefs),
  all("contact_numbers", crm.contactNumbers),
  all("contact_events", crm.contactEvents),
  all("segments", crm.segments),
  all("segment_members", crm.segmentMembers, "rowid"),
  all("contact_imports", crm.contactImports),
  all("products", commerce.products),
  all("orders", commerce.orders),
  all("order_lines", commerce.orderLines),
  all("order_events", commerce.orderEvents),
  all("campaigns", campaigns.campaigns),
  all("campaign_recipients", campaigns.campaignRecipients, "rowid"),
  all("automation_rules", automation.automationRules),
  all("automation_runs", automation.automationRuns),
  all("business_hours", automation.businessHours, automation.businessHours.orgId),
  all("ai_settings", ai.aiSettings, ai.aiSettings.orgId),
  all("ai_knowledge", ai.aiKnowledge),
  all("ai_summaries", ai.aiSummaries),
  all("ai_intents", ai.aiIntents, ai.aiIntents.conversationId),
  all("contact_lead_scores", ai.contactLeadScores, ai.contactLeadScores.contactId),
  all("ai_actions", ai.aiActions),
  all("ai_usage", ai.aiUsage, undefined, false),
  all("conversation_clocks", analytics.conversationClocks, analytics.conversationClocks.conversationId),
  all("conversation_daily_rollups", analytics.conversationDailyRollups, "rowid"),
  all("response_time_rollups", analytics.responseTimeRollups, "rowid"),
  all("message_hourly_rollups", rollups.messageHourlyRollups, "rowid"),
  all("order_daily_rollups", rollups.orderDailyRollups, "rowid"),
  all("product_daily_rollups", rollups.productDailyRollups, "rowid"),
  all("contact_commerce_stats", history.contactCommerceStats, "rowid"),
  all("contact_product_history", history.contactProductHistory, "rowid"),
  all("reorder_predictions", history.reorderPredictions, "rowid"),
  all("read_cursors", core.readCursors, "rowid", false),
  all("email_deliveries", emailDeliveries, undefined, false),
  // Checkout sessions of the archive's connected Stripe account: history here, never live links in another org.
  all("payment_links", payments.paymentLinks, undefined, false),
];

/** Tables with an org_id that an export leaves out, and why (secrets, sign-in state, billing, the job's own rows). */
export const NOT_EXPORTED: Record<string, string> = {
  sessions: "sign-in state",
  data_exports: "the exports themselves",
  data_restores: "the restores themselves",
  org_data_keys: "the org's sealed key",
  billing_accounts: "the Stripe customer and subscription stay with the organization that pays",
  stripe_events: "Stripe's webhook receipts",
  stripe_connections: "the connected Stripe account belongs to the organization that connected it",
  push_subscriptions: "a browser's push endpoint and keys: device state, like sessions",
  push_preferences: "each member's notification choices (members are people's own accounts)",
  push_settings: "notification state of the org's devices",
  push_notices: "notification state of the org's devices",
  api_keys: "credentials (only their hashes are stored): a restored org makes its own keys",
  api_requests: "the API keys' request log, like the mail log",
  webhook_endpoints: "each endpoint's signing secret is a credential; a restored org adds its endpoints again",
  webhook_deliveries: "the outgoing webhooks' delivery log",
};

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
