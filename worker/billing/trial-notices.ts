/**
 * "Your trial ends in N days": mailed once to each owner of an organization whose trial ends within
 * TRIAL_NOTICE_DAYS and has no paid plan yet, by the daily cron. Once means once per organization: the
 * delivery log (email_deliveries) already says whether it went, so the next day's run or a retried one
 * mails nobody twice (its row is written before the mail is queued).
 */
import { and, eq, gt, inArray, isNull, lte, notExists, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { organizations, users } from "../../db/schema";
import { billingAccounts } from "../../db/tables/billing";
import { emailDeliveries } from "../../db/tables/email";
import { appOrigin } from "../app-origin";
import { sendEmail, type EmailEnv } from "../email/send-email";
import { TRIAL_DAYS } from "./plans";

export const TRIAL_NOTICE_DAYS = 3;
const DAY_MS = 24 * 3600_000;

/** Returns how many organizations were told. */
export async function mailEndingTrials(env: EmailEnv & Pick<Env, "APP_ORIGIN">, db: Db, now = Date.now()): Promise<number> {
  const horizon = now + TRIAL_NOTICE_DAYS * DAY_MS;
  // A trial's end is on the billing row once billing changed; before that it is the org's creation + 14 days.
  const trialEnd = sql<number>`coalesce(${billingAccounts.trialEndsAt}, ${organizations.createdAt} + ${TRIAL_DAYS * DAY_MS})`;
  const due = await db
    .select({ orgId: organizations.id, orgName: organizations.name, endsAt: trialEnd })
    .from(organizations)
    .leftJoin(billingAccounts, eq(billingAccounts.orgId, organizations.id))
    .where(
      and(
        isNull(organizations.terminatedAt),
        or(isNull(billingAccounts.orgId), eq(billingAccounts.status, "trialing")),
        gt(trialEnd, now),
        lte(trialEnd, horizon),
        notExists(
          db
            .select({ id: emailDeliveries.id })
            .from(emailDeliveries)
            .where(and(eq(emailDeliveries.orgId, organizations.id), eq(emailDeliveries.template, "trial_ending"))),
        ),
      ),
    )
    .limit(500)
    .all();
  if (!due.length) return 0;
  const owners = await db
    .select({ orgId: users.orgId, email: users.email })
    .from(users)
    .where(
      and(
        inArray(
          users.orgId,
          due.map((d) => d.orgId),
        ),
        eq(users.role, "owner"),
      ),
    )
    .all();
  for (const org of due) {
    for (const owner of owners.filter((o) => o.orgId === org.orgId)) {
      await sendEmail(env, {
        to: owner.email,
        orgId: org.orgId,
        template: "trial_ending",
        data: { orgName: org.orgName, endsAt: org.endsAt, link: `${appOrigin(env)}/billing` },
      });
    }
  }
  return due.length;
}
