/**
 * Broadcast campaigns and their recipients. The CampaignRunner Durable Object owns who has been claimed
 * for sending (durable/campaign-runner.ts); these rows are what the screens read: the campaign as the
 * team set it up, and each recipient's delivery as the send and Meta's status webhooks report it.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organizations } from "../schema";
import type { CampaignAudience, CampaignStatus, ParamSource, RecipientStatus } from "../../durable/campaign-protocol";
import { CAMPAIGN_STATUSES, RECIPIENT_STATUSES } from "../../durable/campaign-protocol";

const timestamp = (name: string) => integer(name);

export const campaigns = sqliteTable(
  "campaigns",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The sending number's Meta phone_number_id (it belongs to the org: checked on every write). */
    phoneNumberId: text("phone_number_id").notNull(),
    templateName: text("template_name").notNull(),
    templateLanguage: text("template_language").notNull(),
    /** One source per `{{n}}` of the template body, in order. */
    params: text("params", { mode: "json" }).$type<ParamSource[]>().notNull().default(sql`'[]'`),
    audience: text("audience", { mode: "json" }).$type<CampaignAudience>().notNull(),
    status: text("status", { enum: CAMPAIGN_STATUSES }).$type<CampaignStatus>().notNull().default("draft"),
    /** Why a campaign stopped on its own (Meta's quality signal, a disconnected number). */
    stopReason: text("stop_reason"),
    /** UTC ms; the wall time the team typed is kept beside it in `time_zone`. */
    scheduledAt: timestamp("scheduled_at"),
    timeZone: text("time_zone").notNull().default("UTC"),
    /** Sends per second; null: the number's limit (SEND_RATE_PER_SECOND). */
    ratePerSecond: integer("rate_per_second"),
    /** Recipients written when the send started (after exclusions). */
    recipientCount: integer("recipient_count").notNull().default(0),
    excluded: text("excluded", { mode: "json" }).$type<Record<string, number>>(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at").notNull(),
    updatedAt: timestamp("updated_at").notNull(),
    startedAt: timestamp("started_at"),
    completedAt: timestamp("completed_at"),
  },
  (t) => [index("campaigns_org_created").on(t.orgId, t.createdAt), index("campaigns_due").on(t.status, t.scheduledAt)],
);

export const campaignRecipients = sqliteTable(
  "campaign_recipients",
  {
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    /** Position in the send order; the runner claims by it. */
    idx: integer("idx").notNull(),
    orgId: text("org_id").notNull(),
    contactId: text("contact_id").notNull(),
    waId: text("wa_id").notNull(),
    name: text("name"),
    /** The template's body values for this recipient, resolved when the send started. */
    params: text("params", { mode: "json" }).$type<string[]>().notNull(),
    status: text("status", { enum: RECIPIENT_STATUSES }).$type<RecipientStatus>().notNull().default("pending"),
    /** The message's id in the contact's conversation (`biz_opaque_callback_data` carries it). */
    messageId: text("message_id").notNull(),
    wamid: text("wamid"),
    errorCode: integer("error_code"),
    errorTitle: text("error_title"),
    sentAt: timestamp("sent_at"),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.idx] }),
    uniqueIndex("campaign_recipients_contact").on(t.campaignId, t.contactId),
    uniqueIndex("campaign_recipients_message").on(t.messageId),
    index("campaign_recipients_status").on(t.campaignId, t.status),
    index("campaign_recipients_org_contact").on(t.orgId, t.contactId),
  ],
);

export type Campaign = typeof campaigns.$inferSelect;
export type CampaignRecipient = typeof campaignRecipients.$inferSelect;
