/**
 * Taking payment from the organization's own customers (not Parley's billing of the organization): the
 * org's Stripe account connected to Parley's platform (Stripe Connect), and the payment links agents
 * send for orders. A link is a Checkout Session created on the org's account, so the money and the
 * Stripe fees are the org's; Parley stores only ids, amounts and states, never card data.
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organizations } from "../schema";
import { orders } from "./commerce";

export const stripeConnections = sqliteTable(
  "stripe_connections",
  {
    orgId: text("org_id")
      .primaryKey()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** The connected account (`acct_…`); events from Stripe name it, so it finds the org. */
    accountId: text("account_id").notNull(),
    /** Stripe lets the account take card payments (onboarding done and verified). */
    chargesEnabled: integer("charges_enabled", { mode: "boolean" }).notNull().default(false),
    detailsSubmitted: integer("details_submitted", { mode: "boolean" }).notNull().default(false),
    /** What Stripe said the account still needs, shown to the owner. */
    requirements: text("requirements", { mode: "json" }).$type<string[]>(),
    displayName: text("display_name"),
    connectedBy: text("connected_by"),
    createdAt: integer("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("stripe_connections_account").on(t.accountId)],
);

export const paymentLinkStatuses = ["open", "paid", "expired", "refunded"] as const;
export type PaymentLinkStatus = (typeof paymentLinkStatuses)[number];

export const paymentLinks = sqliteTable(
  "payment_links",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    accountId: text("account_id").notNull(),
    /** The Checkout Session (`cs_…`) on the connected account. */
    sessionId: text("session_id").notNull(),
    url: text("url").notNull(),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: paymentLinkStatuses }).notNull(),
    /** Refunded so far; equal to the amount once fully refunded. */
    refundedMinor: integer("refunded_minor").notNull().default(0),
    paymentIntentId: text("payment_intent_id"),
    /** The conversation the link was sent in, and the message's client id (one send per click). */
    conversationId: text("conversation_id"),
    clientId: text("client_id"),
    createdBy: text("created_by"),
    createdAt: integer("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`),
    expiresAt: integer("expires_at").notNull(),
    paidAt: integer("paid_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("payment_links_session").on(t.sessionId),
    uniqueIndex("payment_links_org_client").on(t.orgId, t.clientId),
    index("payment_links_order").on(t.orgId, t.orderId, t.createdAt),
    index("payment_links_intent").on(t.paymentIntentId),
  ],
);

export type StripeConnection = typeof stripeConnections.$inferSelect;
export type PaymentLink = typeof paymentLinks.$inferSelect;
