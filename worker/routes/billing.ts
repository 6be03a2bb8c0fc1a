/** Billing: the plan, usage and standing (owners), plan changes through Stripe, and the public price list. */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { billingOf } from "../billing/billing-account";
import { chooseFree, listInvoices, portalUrl, startCheckout } from "../billing/checkout";
import { usageOf } from "../billing/enforce";
import { monthOf, monthSpendMicros } from "../ai/budget";
import { broadcastRecipientsThisMonth } from "../campaigns/allowance";
import { ruleCount } from "../automation/rules";
import { planIds, plans } from "../billing/plans";
import { openDb } from "../../db/client";
import { jsonBody } from "../middleware/json-body";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { checkoutBody } from "../schemas/billing";

export const billing = new Hono<AppEnv>();

/** The plans and their prices: public, the pricing page reads it. */
billing.get("/plans", (c) => c.json({ plans: planIds.map((id) => plans[id]) }));

billing.use("/*", requireSession(), requireRole("owner"));

billing.get("/", async (c) => {
  const db = openDb(c.env.DB);
  const orgId = c.get("auth").org.id;
  const now = Date.now();
  const [view, seats, numbers, contacts, broadcastRecipientsPerMonth, automationRules, aiMicros] = await Promise.all([
    billingOf(db, orgId),
    usageOf(db, orgId, "seats"),
    usageOf(db, orgId, "numbers"),
    usageOf(db, orgId, "contacts"),
    broadcastRecipientsThisMonth(db, orgId, now),
    ruleCount(db, orgId),
    monthSpendMicros(db, orgId, monthOf(now)),
  ]);
  const { account, plan } = view;
  return c.json({
    billing: {
      plan: plan.id,
      standing: view.standing,
      trialEndsAt: view.trialEndsAt,
      graceEndsAt: view.graceEndsAt,
      interval: account.interval,
      currency: account.currency,
      currentPeriodEnd: account.currentPeriodEnd,
      cancelAtPeriodEnd: account.cancelAtPeriodEnd,
      hasSubscription: account.stripeSubscriptionId !== null,
      hasCustomer: account.stripeCustomerId !== null,
      limits: plan.limits,
      // AI spend in whole cents, rounded up as the AI check counts it.
      usage: {
        seats,
        numbers,
        contacts,
        broadcastRecipientsPerMonth,
        automationRules,
        aiBudgetCentsPerMonth: Math.ceil(aiMicros / 10_000),
      },
    },
  });
});

billing.post("/checkout", async (c) => {
  const body = await jsonBody(c, checkoutBody);
  return c.json(await startCheckout(c, openDb(c.env.DB), body));
});

billing.post("/portal", async (c) => c.json({ url: await portalUrl(c, openDb(c.env.DB)) }));

billing.get("/invoices", async (c) => c.json({ invoices: await listInvoices(c, openDb(c.env.DB)) }));

billing.post("/free", async (c) => {
  await chooseFree(c, openDb(c.env.DB));
  return c.json({ plan: "free" });
});
