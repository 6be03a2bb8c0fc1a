import { sql } from "drizzle-orm";
import type { AdReferral, JsonObject, JsonValue } from "../durable/protocol";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";

/** Milliseconds since the epoch, the one time unit stored in D1. */
const timestamp = (name: string) => integer(name);
const createdAt = () => timestamp("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const organizations = sqliteTable("organizations", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** Owners can require every member to use two-factor sign-in. */
  requireTwoFactor: integer("require_two_factor", { mode: "boolean" }).notNull().default(false),
  /** Off (default): a session ends 90 s after the browser stops sending heartbeats. */
  staySignedIn: integer("stay_signed_in", { mode: "boolean" }).notNull().default(false),
  /**
   * Set when the owner terminates the organization: every session ends, the numbers are released, and
   * the cron deletes everything once `purgeAfter` has passed unless the owner cancels before then.
   */
  terminatedAt: timestamp("terminated_at"),
  purgeAfter: timestamp("purge_after"),
  createdAt: createdAt(),
});

export const roles = ["owner", "admin", "agent"] as const;
export type Role = (typeof roles)[number];

/** A person, in exactly one organization. */
export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** Lower-cased; unique across Parley, since sign-in starts from an email alone. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: roles }).notNull(),
    passwordHash: text("password_hash").notNull(),
    /** AES-GCM sealed TOTP secret (additional data: the user id). Null until enrolment is confirmed… */
    totpSecretSealed: text("totp_secret_sealed"),
    /** …which sets this. A secret without it is a pending enrolment. */
    totpEnabledAt: timestamp("totp_enabled_at"),
    /** The last TOTP time step accepted: a code works once. */
    totpLastStep: integer("totp_last_step"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [uniqueIndex("users_email").on(t.email), index("users_org").on(t.orgId)],
);

/** A signed-in browser. The JWT names it (`jti`); deleting or revoking the row ends the session. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    ip: text("ip"),
    userAgent: text("user_agent"),
    /** SHA-256 of the browser's device cookie: a sign-in from a device never seen for this user is mailed about. */
    deviceHash: text("device_hash"),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    revokedAt: timestamp("revoked_at"),
  },
  (t) => [index("sessions_user").on(t.userId), index("sessions_user_device").on(t.userId, t.deviceHash)],
);

/** Password accepted, second factor pending. Locks after repeated wrong codes. */
export const loginChallenges = sqliteTable("login_challenges", {
  id: text("id").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  failedAttempts: integer("failed_attempts").notNull().default(0),
  lockedUntil: timestamp("locked_until"),
  expiresAt: timestamp("expires_at").notNull(),
  usedAt: timestamp("used_at"),
});

/** Single-use recovery codes, stored as SHA-256 hashes (they are random, so no slow hash is needed). */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at"),
  },
  (t) => [index("recovery_codes_user").on(t.userId)],
);

export const invites = sqliteTable(
  "invites",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: roles }).notNull(),
    /** SHA-256 of the token in the link; the token itself is never stored. */
    tokenHash: text("token_hash").notNull(),
    invitedBy: text("invited_by").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    acceptedAt: timestamp("accepted_at"),
    revokedAt: timestamp("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("invites_token").on(t.tokenHash), index("invites_org").on(t.orgId)],
);

/** Append-only: nothing updates or deletes a row except the 12-month retention purge. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** Null for events with no signed-in actor (a failed sign-in for an unknown account is not stored per org). */
    actorId: text("actor_id"),
    actorEmail: text("actor_email"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    detail: text("detail", { mode: "json" }).$type<JsonObject>(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [index("audit_org_time").on(t.orgId, t.createdAt), index("audit_org_action").on(t.orgId, t.action, t.createdAt)],
);

/** A connected WhatsApp Business number. `phone_number_id` alone routes a webhook to its org. */
export const whatsappNumbers = sqliteTable(
  "whatsapp_numbers",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
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

export interface ContactAddress {
  street?: string;
  city?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
}

export type CustomFieldValue = string | number | boolean | string[];

/** The contacts list's sort keys; one definition for the query and its index (SQLite matches expressions exactly). */
export const contactSortName = (displayName: AnySQLiteColumn, profileName: AnySQLiteColumn) =>
  sql<string>`lower(coalesce(${displayName}, ${profileName}, ''))`;
export const contactSortLastInbound = (lastInboundAt: AnySQLiteColumn) => sql<number>`coalesce(${lastInboundAt}, 0)`;
export const contactSortScore = (leadScore: AnySQLiteColumn) => sql<number>`coalesce(${leadScore}, -1)`;

/**
 * A customer. Found by phone (`wa_id`) or by Meta's business-scoped user id (`user_id`); either may be
 * absent. Not unique indexes: a recycled phone number must never make a webhook batch fail.
 */
export const contacts = sqliteTable(
  "contacts",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    waId: text("wa_id"),
    userId: text("user_id"),
    profileName: text("profile_name"),
    /** The name the team gave the contact; shown instead of the WhatsApp profile name when set. */
    displayName: text("display_name"),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** WhatsApp time Meta answered 131026 (undeliverable) after their last message; their next message clears it. */
    unreachableAt: timestamp("unreachable_at"),
    notes: text("notes"),
    marketingOptOutAt: timestamp("marketing_opt_out_at"),
    /** WhatsApp time of the last opt-out/opt-in change, so out-of-order webhooks cannot undo a newer one. */
    marketingOptChangedAt: timestamp("marketing_opt_changed_at"),
    /** Where the opt-out came from: `131050`, `user_preferences`, `manual`, `import`. */
    marketingOptOutSource: text("marketing_opt_out_source"),
    /** Consent to marketing: when, from where (`manual`, `import`, `api`, `whatsapp`), on what recorded basis, by whom. */
    marketingOptInAt: timestamp("marketing_opt_in_at"),
    marketingOptInSource: text("marketing_opt_in_source"),
    marketingOptInBasis: text("marketing_opt_in_basis"),
    marketingOptInBy: text("marketing_opt_in_by"),
    email: text("email"),
    /** Also the default delivery address of the contact's orders. */
    address: text("address", { mode: "json" }).$type<ContactAddress>(),
    /** BCP 47 tag, e.g. `pt-PT`: the language templates go out in. */
    language: text("language"),
    /** Org-defined labels (db/tables/crm.ts `labels`), by name, as conversations hold theirs. */
    labels: text("labels", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Key of the org's lifecycle stage (db/tables/crm.ts); null reads as the org's first stage. */
    stage: text("stage"),
    stageChangedAt: timestamp("stage_changed_at"),
    /** 0–100; who or what set it (`manual`, `ai`, `import`, `api`), by whom, when. */
    leadScore: integer("lead_score"),
    leadScoreSource: text("lead_score_source"),
    leadScoreBy: text("lead_score_by"),
    leadScoreAt: timestamp("lead_score_at"),
    /** Values of the org's custom fields, by field key, validated against their definitions on write. */
    customFields: text("custom_fields", { mode: "json" }).$type<Record<string, CustomFieldValue>>().notNull().default(sql`'{}'`),
    /** The agent who owns the relationship. */
    ownerId: text("owner_id"),
    /** Bumped by every edit from Parley's side: live frames carry it so clients apply field changes in commit order. */
    version: integer("version").notNull().default(0),
    /** Kept by triggers on conversations (migrations/0005), whichever path writes the conversation row. */
    firstInboundAt: timestamp("first_inbound_at"),
    lastInboundAt: timestamp("last_inbound_at"),
    firstOutboundAt: timestamp("first_outbound_at"),
    lastOutboundAt: timestamp("last_outbound_at"),
    conversationCount: integer("conversation_count").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [
    index("contacts_org_wa").on(t.orgId, t.waId),
    index("contacts_org_user").on(t.orgId, t.userId),
    // One index per sort of the contacts list, each ending in id (the cursor's tiebreak), so a page is an index walk.
    index("contacts_org_updated").on(t.orgId, t.updatedAt, t.id),
    index("contacts_org_created").on(t.orgId, t.createdAt, t.id),
    index("contacts_org_name").on(t.orgId, contactSortName(t.displayName, t.profileName), t.id),
    index("contacts_org_last_inbound").on(t.orgId, contactSortLastInbound(t.lastInboundAt), t.id),
    index("contacts_org_score").on(t.orgId, contactSortScore(t.leadScore), t.id),
    index("contacts_org_stage").on(t.orgId, t.stage),
    index("contacts_org_email").on(t.orgId, t.email),
  ],
);

export const conversationStates = ["open", "snoozed", "closed"] as const;

/** One per customer per org: D1's projection of a ConversationRoom, for lists, filters and counters. */
/**
 * The inbox list's sort key, newest first, a conversation without messages last. One definition for the
 * list query and its index: SQLite uses an expression index only for the same expression.
 */
export const listOrderAt = (lastMessageAt: AnySQLiteColumn) => sql<number>`coalesce(${lastMessageAt}, 0)`;

export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    contactId: text("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    /** The number the customer last wrote to; replies go out from it. */
    phoneNumberId: text("phone_number_id").notNull(),
    state: text("state", { enum: conversationStates }).notNull().default("open"),
    snoozedUntil: timestamp("snoozed_until"),
    assigneeId: text("assignee_id"),
    labels: text("labels", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Inbound messages ever: an agent's unread count is this minus the count at their read cursor. */
    inboundCount: integer("inbound_count").notNull().default(0),
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
    /** Click-to-WhatsApp ad attribution: the latest ad a message came from (last touch)… */
    referral: text("referral", { mode: "json" }).$type<AdReferral>(),
    /** …and the earliest (first touch). */
    firstReferral: text("first_referral", { mode: "json" }).$type<AdReferral>(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [
    // The list's exact order (worker/inbox/conversations.ts), so a page is an index walk: on
    // (org_id, last_message_at) SQLite sorted every one of the org's rows for each page of 50.
    index("conversations_org_list").on(t.orgId, listOrderAt(t.lastMessageAt), t.id),
    // Not unique: merging two contacts moves the loser's conversation (and its history) to the survivor.
    index("conversations_contact").on(t.contactId),
    // The dashboard's open backlog per agent: a count over this index, not over the org's conversations.
    index("conversations_org_state_assignee").on(t.orgId, t.state, t.assigneeId),
  ],
);

/** Where each agent has read up to in each conversation: exact unread counts per agent. */
export const readCursors = sqliteTable(
  "read_cursors",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    orgId: text("org_id").notNull(),
    readSeq: integer("read_seq").notNull(),
    /** conversations.inbound_count when the agent read up to readSeq. */
    inboundCountAtRead: integer("inbound_count_at_read").notNull(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.conversationId] })],
);

/** Org snippets inserted in the composer with `/shortcut`. */
export const cannedResponses = sqliteTable(
  "canned_responses",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    shortcut: text("shortcut").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [uniqueIndex("canned_org_shortcut").on(t.orgId, t.shortcut)],
);

/** Message templates, synced from the Graph API and kept current by Meta's template-status webhook. */
export const templates = sqliteTable(
  "templates",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    wabaId: text("waba_id").notNull(),
    name: text("name").notNull(),
    language: text("language").notNull(),
    status: text("status").notNull(),
    category: text("category"),
    components: text("components", { mode: "json" }).$type<JsonValue[]>().notNull(),
    rejectedReason: text("rejected_reason"),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [uniqueIndex("templates_org_name_lang").on(t.orgId, t.wabaId, t.name, t.language), index("templates_waba").on(t.wabaId)],
);

export type Organization = typeof organizations.$inferSelect;
export type CannedResponse = typeof cannedResponses.$inferSelect;
export type Template = typeof templates.$inferSelect;
export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type WhatsappNumber = typeof whatsappNumbers.$inferSelect;
export type Contact = typeof contacts.$inferSelect;
export type Conversation = typeof conversations.$inferSelect;
