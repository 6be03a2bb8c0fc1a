/** Reading and writing an organization's billing row. */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { organizations } from "../../db/schema";
import { billingAccounts, type BillingAccount } from "../../db/tables/billing";
import { AppError } from "../errors";
import { firstTrial, standingOf, type BillingView } from "./standing";

export async function billingAccountOf(db: Db, orgId: string): Promise<BillingAccount> {
  const row = await db
    .select({ account: billingAccounts, orgCreatedAt: organizations.createdAt })
    .from(organizations)
    .leftJoin(billingAccounts, eq(billingAccounts.orgId, organizations.id))
    .where(eq(organizations.id, orgId))
    .get();
  if (!row) throw new AppError(404, "org_not_found", "No such organization.");
  return row.account ?? firstTrial(orgId, row.orgCreatedAt);
}

export async function billingOf(db: Db, orgId: string, now = Date.now()): Promise<BillingView> {
  return standingOf(await billingAccountOf(db, orgId), now);
}

/** Writes the whole row (insert or replace), for changes Parley makes itself (not Stripe's events). */
export function saveBillingAccount(db: Db, account: BillingAccount) {
  const { orgId: _, ...rest } = account;
  return db.insert(billingAccounts).values(account).onConflictDoUpdate({ target: billingAccounts.orgId, set: rest });
}

/** Tells the org's open screens; a socket that is down misses nothing lasting (the screen reads on open). */
export async function publishBilling(env: Env, account: BillingAccount): Promise<void> {
  try {
    await env.ORG_INBOX.getByName(account.orgId).publishBilling(account.plan, account.status);
  } catch (err) {
    console.error("billing change not published", { orgId: account.orgId, err: String(err) });
  }
}
