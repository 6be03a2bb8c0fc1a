import { sql } from "drizzle-orm";
import type { JsonObject } from "../../durable/protocol";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Milliseconds since the epoch, the one time unit stored in D1. */
const timestamp = (name: string) => integer(name);
const createdAt = () => timestamp("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const organizations = sqliteTable("organizations", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

/** A connected WhatsApp Business number. `phone_number_id` alone routes a webhook to its org. */
export const whatsappNumbers = sqliteTable(
  "whatsapp_numbers",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    phoneNumberId: text("phone_number_id").notNull(),
    wabaId: text("waba_id").notNull(),
    displayPhoneNumber: text("display_phone_number").notNull(),
    verifiedName: text("verified_name"),
    /** AES-GCM sealed Graph API access token (see worker/crypto/secret-box.ts). */
    accessTokenSealed: text("access_token_sealed").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("whatsapp_numbers_phone_number_id").on(t.phoneNumberId), index("whatsapp_numbers_org").on(t.orgId)],
);

/**
 * A customer. Found by phone (`wa_id`) or by Meta's business-scoped user id (`user_id`); either may be
 * absent. Not unique indexes: a recycled phone number must never make a webhook batch fail.
 */
export const contacts = sqliteTable(
  "contacts",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    waId: text("wa_id"),
    userId: text("user_id"),
    profileName: text("profile_name"),
    marketingOptOutAt: timestamp("marketing_opt_out_at"),
    /** WhatsApp time of the last opt-out/opt-in change, so out-of-order webhooks cannot undo a newer one. */
    marketingOptChangedAt: timestamp("marketing_opt_changed_at"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [index("contacts_org_wa").on(t.orgId, t.waId), index("contacts_org_user").on(t.orgId, t.userId)],
);

export const conversationStates = ["open", "snoozed", "closed"] as const;

/** One per customer per org: D1's projection of a ConversationRoom, for lists, filters and counters. */
export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    contactId: text("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    /** The number the customer last wrote to; replies go out from it. */
    phoneNumberId: text("phone_number_id").notNull(),
    state: text("state", { enum: conversationStates }).notNull().default("open"),
    assigneeId: text("assignee_id"),
    /** The room's last event sequence this row reflects; projections only ever move it forward. */
    roomSeq: integer("room_seq").notNull().default(0),
    messageCount: integer("message_count").notNull().default(0),
    unreadCount: integer("unread_count").notNull().default(0),
    lastMessageSeq: integer("last_message_seq"),
    lastMessagePreview: text("last_message_preview"),
    lastMessageDirection: text("last_message_direction", { enum: ["inbound", "outbound"] }),
    lastMessageAt: timestamp("last_message_at"),
    /** Start of the 24-hour customer-service window. */
    lastInboundAt: timestamp("last_inbound_at"),
    /** Set when Meta answered 131047: the window is closed whatever our clock says. */
    windowClosedAt: timestamp("window_closed_at"),
    /** Click-to-WhatsApp ad attribution (JSON), from the latest message that carried one. */
    referral: text("referral", { mode: "json" }).$type<JsonObject>(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [
    index("conversations_org_last").on(t.orgId, t.lastMessageAt),
    uniqueIndex("conversations_contact").on(t.contactId),
  ],
);

export type Organization = typeof organizations.$inferSelect;
export type WhatsappNumber = typeof whatsappNumbers.$inferSelect;
export type Contact = typeof contacts.$inferSelect;
export type Conversation = typeof conversations.$inferSelect;
