/**
 * Trial-ending mail from the daily cron: owners of an organization whose trial ends within three days
 * get it once (not again on the next run), and nobody whose trial is further off, who already pays, or
 * whose organization was terminated.
 */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDb } from "../../db/client";
import { organizations, users } from "../../db/schema";
import { billingAccounts } from "../../db/tables/billing";
import { firstTrial } from "../../worker/billing/standing";
import { mailEndingTrials } from "../../worker/billing/trial-notices";
import { addMember, signUpOwner } from "../support/accounts";
import { mailTo, waitForMail } from "../support/mailbox";

const DAY = 24 * 3600_000;
const TRIAL_ENDING = /Your Parley trial ends on/;
const db = () => openDb(env.DB);

/** An org created `daysAgo` days ago, so its 14-day trial ends 14 - daysAgo days from now. */
async function orgCreated(daysAgo: number, name = "Trial Co") {
  const owner = await signUpOwner(name);
  await db()
    .update(organizations)
    .set({ createdAt: Date.now() - daysAgo * DAY })
    .where(eq(organizations.id, owner.orgId));
  return owner;
}

const trialMails = async (email: string) => (await mailTo(email)).filter((m) => TRIAL_ENDING.test(m.subject));

describe("trial-ending mail", () => {
  it("tells each owner once when the trial ends within three days, and nobody else", async () => {
    const ending = await orgCreated(12, "Ending Soon");
    const coOwner = await addMember(ending, "admin", "Second Owner");
    await db().update(users).set({ role: "owner" }).where(eq(users.id, coOwner.userId));
    const agent = await addMember(ending, "agent");
    const later = await orgCreated(5, "Plenty Left");
    const paying = await orgCreated(12, "Already Paying");
    await db()
      .insert(billingAccounts)
      .values({ ...firstTrial(paying.orgId, Date.now() - 12 * DAY), plan: "growth", status: "active", trialEndsAt: null });
    const gone = await orgCreated(12, "Terminated");
    await db().update(organizations).set({ terminatedAt: Date.now() }).where(eq(organizations.id, gone.orgId));
    const ended = await orgCreated(15, "Already Ended");

    await mailEndingTrials(env, db());
    const mail = await waitForMail(ending.email, TRIAL_ENDING);
    expect(mail.text).toContain("Ending Soon's Parley trial ends on");
    expect(mail.text).toMatch(/https?:\/\/[^\s]+\/billing/);
    await waitForMail(coOwner.email, TRIAL_ENDING);

    // The next day's run (and a retried one) mails nobody again.
    await mailEndingTrials(env, db(), Date.now() + DAY);
    await mailEndingTrials(env, db());
    await new Promise((r) => setTimeout(r, 400));
    expect(await trialMails(ending.email)).toHaveLength(1);
    expect(await trialMails(coOwner.email)).toHaveLength(1);
    for (const nobody of [agent, later, paying, gone, ended]) expect(await trialMails(nobody.email)).toHaveLength(0);
  });

  it("uses the billing row's trial end once billing changed", async () => {
    const owner = await signUpOwner("Extended Trial");
    await db()
      .insert(billingAccounts)
      .values({ ...firstTrial(owner.orgId, Date.now()), trialEndsAt: Date.now() + 2 * DAY });
    await mailEndingTrials(env, db());
    await waitForMail(owner.email, TRIAL_ENDING);
  });
});
