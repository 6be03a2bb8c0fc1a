/**
 * The organization's own Stripe account on Parley's platform (Stripe Connect). Connect rather than
 * asking owners to paste a secret key: Stripe runs the onboarding (identity, bank account, terms), the
 * account stays the business's own (payouts, refunds, disputes in its dashboard), and Parley holds
 * nothing that could move its money beyond creating Checkout Sessions on it with the platform key.
 */
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import type Stripe from "stripe";
import type { Db } from "../../db/client";
import { stripeConnections, type StripeConnection } from "../../db/tables/payments";
import type { AppEnv } from "../app-env";
import { appOrigin } from "../app-origin";
import { auditEntry } from "../audit/audit-log";
import { stripeClient } from "../billing/stripe-client";
import { AppError } from "../errors";
import type { ConnectionView } from "./types";

export const stripeUnreachable = (err: unknown) => {
  console.error("stripe connect call failed", String(err));
  return new AppError(502, "stripe_unreachable", "Could not reach Stripe. Try again in a minute.");
};

export type { ConnectionView } from "./types";

export async function connectionOf(db: Db, orgId: string): Promise<StripeConnection | undefined> {
  return db.select().from(stripeConnections).where(eq(stripeConnections.orgId, orgId)).get();
}

export function connectionView(row: StripeConnection | undefined): ConnectionView {
  return {
    connected: !!row,
    accountId: row?.accountId ?? null,
    chargesEnabled: row?.chargesEnabled ?? false,
    detailsSubmitted: row?.detailsSubmitted ?? false,
    requirements: row?.requirements ?? [],
    displayName: row?.displayName ?? null,
    updatedAt: row?.updatedAt ?? null,
  };
}

/** The fields Parley keeps from Stripe's account object, from an API answer or an `account.updated` event. */
export function accountFields(account: Stripe.Account) {
  return {
    chargesEnabled: account.charges_enabled ?? false,
    detailsSubmitted: account.details_submitted ?? false,
    requirements: account.requirements?.currently_due ?? [],
    displayName: account.business_profile?.name ?? null,
    updatedAt: Date.now(),
  };
}

/**
 * Where the owner goes to finish Stripe's onboarding: the org's account is created once (an idempotency
 * key per org, so two clicks make one account), then a fresh single-use Account Link each time.
 */
export async function onboardingLink(c: Context<AppEnv>, db: Db): Promise<string> {
  const { org, user } = c.get("auth");
  const stripe = stripeClient(c.env);
  let row = await connectionOf(db, org.id);
  if (!row) {
    const account = await stripe.accounts
      .create(
        { type: "standard", email: user.email, business_profile: { name: org.name }, metadata: { orgId: org.id } },
        { idempotencyKey: `parley-connect-${org.id}` },
      )
      .catch((err: unknown) => {
        throw stripeUnreachable(err);
      });
    await db
      .insert(stripeConnections)
      .values({ orgId: org.id, accountId: account.id, connectedBy: user.id, ...accountFields(account) })
      .onConflictDoNothing()
      .run();
    row = (await connectionOf(db, org.id))!;
    await auditEntry(c, db, { orgId: org.id, action: "payments.stripe_connected", detail: { accountId: row.accountId } });
  }
  const origin = appOrigin(c.env);
  const link = await stripe.accountLinks
    .create({
      account: row.accountId,
      type: "account_onboarding",
      refresh_url: `${origin}/settings?payments=refresh`,
      return_url: `${origin}/settings?payments=done`,
    })
    .catch((err: unknown) => {
      throw stripeUnreachable(err);
    });
  return link.url;
}

/** Asks Stripe for the account's state now (the return from onboarding need not wait for the webhook). */
export async function refreshConnection(c: Context<AppEnv>, db: Db, orgId: string): Promise<ConnectionView> {
  const row = await connectionOf(db, orgId);
  if (!row) return connectionView(undefined);
  const account = await stripeClient(c.env)
    .accounts.retrieve(row.accountId)
    .catch((err: unknown) => {
      throw stripeUnreachable(err);
    });
  await db.update(stripeConnections).set(accountFields(account)).where(eq(stripeConnections.orgId, orgId)).run();
  return connectionView(await connectionOf(db, orgId));
}

/**
 * Parley stops creating links on the account. The account itself is the business's and stays theirs;
 * links already sent keep working until they expire, and their payments still mark orders paid.
 */
export async function disconnect(c: Context<AppEnv>, db: Db, orgId: string): Promise<void> {
  const row = await connectionOf(db, orgId);
  if (!row) throw new AppError(404, "stripe_not_connected", "No Stripe account is connected.");
  await db.delete(stripeConnections).where(eq(stripeConnections.orgId, orgId)).run();
  await auditEntry(c, db, { orgId, action: "payments.stripe_disconnected", detail: { accountId: row.accountId } });
}
