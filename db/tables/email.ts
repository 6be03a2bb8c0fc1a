/**
 * Transactional email: one row per message Parley sends (what, to whom, how it went), so admins can see
 * a failed delivery. The rendered body is not stored: it can hold a reset or invite token.
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organizations, users } from "../schema";

export const emailStatuses = ["queued", "sent", "failed"] as const;
export type EmailStatus = (typeof emailStatuses)[number];

export const emailDeliveries = sqliteTable(
  "email_deliveries",
  {
    id: text("id").primaryKey(),
    /** Null for mail that belongs to no organization yet. */
    orgId: text("org_id").references(() => organizations.id, { onDelete: "cascade" }),
    to: text("to_address").notNull(),
    template: text("template").notNull(),
    subject: text("subject").notNull(),
    status: text("status", { enum: emailStatuses }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    /** The provider's message id once it accepted the message. */
    providerId: text("provider_id"),
    createdAt: integer("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("email_deliveries_org_time").on(t.orgId, t.createdAt)],
);

/**
 * Single-use account tokens sent by email: password resets and email verification. Only the SHA-256
 * of the token is stored; the link in the message holds the only copy.
 */
export const accountTokenPurposes = ["password_reset", "verify_email"] as const;
export type AccountTokenPurpose = (typeof accountTokenPurposes)[number];

export const accountTokens = sqliteTable(
  "account_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: accountTokenPurposes }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    /** The address the token was sent to: a verification proves this one, not whatever the email is now. */
    email: text("email").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index("account_tokens_user").on(t.userId, t.purpose)],
);

/** When a user proved they read mail at their address (set by the verification link). */
export const emailVerifications = sqliteTable("email_verifications", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  email: text("email").notNull(),
  verifiedAt: integer("verified_at").notNull(),
});

export type EmailDelivery = typeof emailDeliveries.$inferSelect;
