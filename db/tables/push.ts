/**
 * Web Push: each device an agent opted in (one browser's push subscription), what each agent wants to
 * hear about, what the org lets a notification say, and which one-off notices went out already.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organizations, users } from "../schema";

/**
 * One per browser push subscription. The endpoint is the device's address at its push service (a
 * capability URL): unique, so a shared browser signed in by someone else moves to that person and never
 * keeps getting the previous agent's notifications.
 */
export const pushSubscriptions = sqliteTable(
  "push_subscriptions",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    endpoint: text("endpoint").notNull().unique(),
    /** The browser's P-256 public key (65 bytes, base64url) and 16-byte auth secret (RFC 8291). */
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    /** What the settings page shows to tell devices apart ("Chrome on macOS"). */
    device: text("device").notNull(),
    createdAt: integer("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`),
    lastSentAt: integer("last_sent_at"),
  },
  (t) => [index("push_subscriptions_org_user").on(t.orgId, t.userId)],
);

export const pushEvents = ["newConversation", "assignedMessage", "mention", "windowClosing"] as const;
export type PushEvent = (typeof pushEvents)[number];

/** A user's switches; no row means every switch on (opting a device in is the consent). */
export const pushPreferences = sqliteTable("push_preferences", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  orgId: text("org_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" }),
  newConversation: integer("new_conversation", { mode: "boolean" }).notNull().default(true),
  assignedMessage: integer("assigned_message", { mode: "boolean" }).notNull().default(true),
  mention: integer("mention", { mode: "boolean" }).notNull().default(true),
  windowClosing: integer("window_closing", { mode: "boolean" }).notNull().default(true),
  updatedAt: integer("updated_at").notNull(),
});

/** full: sender and text; sender: who wrote, not what; none: "New activity" only (lock screens in public). */
export const pushPreviews = ["full", "sender", "none"] as const;
export type PushPreview = (typeof pushPreviews)[number];

/** The org's privacy setting for notification text; no row means "sender". */
export const pushSettings = sqliteTable("push_settings", {
  orgId: text("org_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  preview: text("preview", { enum: pushPreviews }).notNull().default("sender"),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Notices that must go out once however often the cron looks (a window closing is noticed every minute
 * for an hour): the first insert of (org, key) wins. Purged after two days by the daily job.
 */
export const pushNotices = sqliteTable(
  "push_notices",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] }), index("push_notices_created").on(t.createdAt)],
);
