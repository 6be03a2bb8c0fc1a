/**
 * Integrations: public API keys (stored as a SHA-256 of the key, never the key), the log of requests
 * made with them, outgoing webhook endpoints (signing secret sealed with ENCRYPTION_KEY, since Parley
 * must sign with it) and one row per delivery of an event to an endpoint.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organizations, users } from "../schema";
import type { ApiScope, WebhookEventType } from "../../worker/integrations/catalog";

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The key's first characters, shown in lists so a key can be recognised without revealing it. */
    prefix: text("prefix").notNull(),
    /** SHA-256 (hex) of the whole key: keys are 256 random bits, so a fast hash cannot be brute-forced. */
    hash: text("hash").notNull(),
    scopes: text("scopes", { mode: "json" }).$type<ApiScope[]>().notNull(),
    rateLimitPerMinute: integer("rate_limit_per_minute").notNull(),
    /** Requests made with the key act as this member (messages sent, audit entries); the key dies with them. */
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash").on(t.hash), index("api_keys_org").on(t.orgId, t.createdAt)],
);
export type ApiKey = typeof apiKeys.$inferSelect;

/** Who called what with a key and how it went; purged with the audit log (12 months). */
export const apiRequests = sqliteTable(
  "api_requests",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    keyId: text("key_id").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    status: integer("status").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("api_requests_org_time").on(t.orgId, t.createdAt)],
);

export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    events: text("events", { mode: "json" }).$type<WebhookEventType[]>().notNull(),
    /** The signing secret, AES-GCM sealed (bound to the endpoint's id). */
    secretSealed: text("secret_sealed").notNull(),
    secretPrefix: text("secret_prefix").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** Why Parley switched it off (after too many failed attempts in a row), or null. */
    disabledReason: text("disabled_reason"),
    /** Failed attempts since the last success; reaching the limit switches the endpoint off. */
    failureStreak: integer("failure_streak").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("webhook_endpoints_org").on(t.orgId, t.createdAt)],
);
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;

export const DELIVERY_STATUSES = ["pending", "retrying", "succeeded", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    /** The event's id (also in the body): unique per endpoint unless resent, so a replayed emit delivers once. */
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    /** The exact JSON body sent (what the signature covers), so a resend sends the same bytes. */
    payload: text("payload").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).$type<DeliveryStatus>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at"),
    responseStatus: integer("response_status"),
    /** The endpoint's answer (first 1 KB) or why there was none (timeout, refused connection). */
    responseBody: text("response_body"),
    durationMs: integer("duration_ms"),
    /** A manual resend names the delivery it repeats (its event id then repeats too). */
    resendOf: text("resend_of"),
    /**
     * '' for the fan-out's delivery, so an event reaches an endpoint once however often it is emitted; a
     * resend's own id, so it may repeat. Not null: SQLite's unique index treats NULLs as all distinct.
     */
    onceKey: text("once_key").notNull().default(""),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("webhook_deliveries_endpoint_time").on(t.endpointId, t.createdAt),
    uniqueIndex("webhook_deliveries_once").on(t.endpointId, t.eventId, t.onceKey),
  ],
);
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
