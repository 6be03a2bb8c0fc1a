/**
 * Billing through Stripe inside workerd, against the local Stripe peer: Checkout, plan changes, the
 * webhook's signature, idempotency and ordering, payment failure → grace → restricted → resumed.
 */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { billingAccounts } from "../../db/tables/billing";
import { openDb } from "../../db/client";
import { addMember, signUpOwner, type Member } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { auditOf } from "../support/org-state";
import { waitForMail } from "../support/mailbox";
import { seedNumber } from "../support/numbers";
import { conversationsOf, fixture, postWebhook } from "../support/parley";
import { deliver, eventsOf, payCheckout, peerControl, postStripeEvent, stripeSignature } from "../support/stripe";

interface BillingBody {
  billing: { plan: string; standing: string; hasSubscription: boolean; graceEndsAt: number | null; limits: { seats: number } };
}

const billingOf = async (owner: Member) => (await expectJson<BillingBody>(await owner.browser.get("/api/billing"))).billing;
const accountRow = (orgId: string) => openDb(env.DB).select().from(billingAccounts).where(eq(billingAccounts.orgId, orgId)).get();

/** An owner whose org went through Checkout for `plan`, with every event delivered in order. */
async function subscribed(plan: "growth" | "business" = "growth"): Promise<{ owner: Member; customer: string; subscription: string }> {
  const owner = await signUpOwner("Paying Co");
  const { url } = await expectJson<{ url: string }>(
    await owner.browser.post("/api/billing/checkout", { plan, interval: "month", currency: "eur" }),
  );
  expect(url).toContain(`${env.STRIPE_API_BASE}/checkout/`);
  await payCheckout(url);
  const customer = (await accountRow(owner.orgId))!.stripeCustomerId!;
  await deliver(await eventsOf(customer));
  const subscription = (await accountRow(owner.orgId))!.stripeSubscriptionId!;
  return { owner, customer, subscription };
}

describe("Stripe billing", () => {
  it("starts new organizations on a Growth trial", async () => {
    const owner = await signUpOwner();
    expect(await billingOf(owner)).toMatchObject({ plan: "growth", standing: "trialing", hasSubscription: false, limits: { seats: 10 } });
  });

  it("subscribes through Checkout and shows the plan, the invoice and the audit entry", async () => {
    const { owner } = await subscribed("business");
    expect(await billingOf(owner)).toMatchObject({ plan: "business", standing: "active", hasSubscription: true, limits: { seats: 50 } });
    const { invoices } = await expectJson<{ invoices: { status: string; amountPaid: number }[] }>(
      await owner.browser.get("/api/billing/invoices"),
    );
    expect(invoices).toEqual([expect.objectContaining({ status: "paid", amountPaid: 14900 })]);
    expect((await auditOf(owner.orgId, "billing.plan_changed")).length).toBe(1);
    const { url } = await expectJson<{ url: string }>(await owner.browser.post("/api/billing/portal"));
    expect(url).toContain(`${env.STRIPE_API_BASE}/portal/`);
  });

  it("changes plan on the existing subscription (Stripe prorates), and the webhook moves the limits", async () => {
    const { owner, customer } = await subscribed("growth");
    const before = (await eventsOf(customer)).length;
    const res = await expectJson<{ changed: boolean }>(
      await owner.browser.post("/api/billing/checkout", { plan: "business", interval: "month", currency: "eur" }),
    );
    expect(res.changed).toBe(true);
    const fresh = (await eventsOf(customer)).slice(before);
    expect(fresh.map((e) => e.type)).toEqual(["customer.subscription.updated", "invoice.paid"]);
    await deliver(fresh);
    expect(await billingOf(owner)).toMatchObject({ plan: "business", limits: { seats: 50 } });
  });

  it("applies each event once, however often it is delivered", async () => {
    const { owner, customer } = await subscribed();
    const events = await eventsOf(customer);
    expect(await deliver(events)).toEqual(events.map(() => "duplicate"));
    expect((await auditOf(owner.orgId, "billing.plan_changed")).length).toBe(1);
  });

  it("never lets an older event overwrite newer state", async () => {
    const { owner, customer, subscription } = await subscribed();
    const start = (await eventsOf(customer)).length;
    await peerControl("fail-payment", { subscription });
    await peerControl("pay", { subscription });
    const fresh = (await eventsOf(customer)).slice(start);
    // Newest first: the payment that went through, then the failure before it.
    await deliver([...fresh].reverse());
    expect(await billingOf(owner)).toMatchObject({ standing: "active", graceEndsAt: null });
    // An event Stripe created before the newest one applied is acknowledged but changes nothing.
    const old = { ...fresh[0]!, id: `evt_old_${Date.now()}`, created: fresh[0]!.created - 3600 };
    expect(await deliver([old])).toEqual(["stale"]);
  });

  it("goes past_due → grace → restricted (sending refused, inbound kept) → resumed on payment", async () => {
    const { owner, customer, subscription } = await subscribed();
    const start = (await eventsOf(customer)).length;
    await peerControl("fail-payment", { subscription });
    await deliver((await eventsOf(customer)).slice(start));
    const grace = await billingOf(owner);
    expect(grace.standing).toBe("grace");
    expect(grace.graceEndsAt).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);
    await waitForMail(owner.email, /Payment failed/);
    expect((await auditOf(owner.orgId, "billing.payment_failed")).length).toBe(1);

    // Eight days later: the grace period is over.
    await openDb(env.DB)
      .update(billingAccounts)
      .set({ pastDueSince: Date.now() - 8 * 24 * 3600_000 })
      .where(eq(billingAccounts.orgId, owner.orgId));
    expect((await billingOf(owner)).standing).toBe("restricted");
    const { enforceCanSend } = await import("../../worker/billing/enforce");
    await expect(enforceCanSend(openDb(env.DB), owner.orgId)).rejects.toMatchObject({ status: 402, code: "billing_restricted" });
    // Inbound is never dropped for billing reasons.
    const number = await seedNumber(owner.orgId);
    expect((await postWebhook(fixture("msg_01_text", number.phoneNumberId))).status).toBe(200);
    expect(await conversationsOf(owner.orgId)).toHaveLength(1);

    const resumedFrom = (await eventsOf(customer)).length;
    await peerControl("pay", { subscription });
    await deliver((await eventsOf(customer)).slice(resumedFrom));
    expect((await billingOf(owner)).standing).toBe("active");
    await expect(enforceCanSend(openDb(env.DB), owner.orgId)).resolves.toBeUndefined();
  });

  it("moves to Free when the subscription is cancelled in the portal", async () => {
    const { owner, customer } = await subscribed();
    const start = (await eventsOf(customer)).length;
    const { url } = await expectJson<{ url: string }>(await owner.browser.post("/api/billing/portal"));
    await fetch(`${url}/cancel`, { method: "POST", redirect: "manual" });
    await deliver((await eventsOf(customer)).slice(start));
    expect(await billingOf(owner)).toMatchObject({ plan: "free", standing: "active", hasSubscription: false, limits: { seats: 2 } });
  });
});

describe("the Stripe webhook", () => {
  const event = () => ({
    id: `evt_unknown_${Date.now()}`,
    object: "event",
    type: "customer.created",
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: "cus_x" } },
  });

  it("refuses a missing, wrong or stale signature and stores nothing", async () => {
    const e = event();
    const payload = JSON.stringify(e);
    await expectError(await postStripeEvent(e, "t=1,v1=deadbeef"), 400, "signature_invalid");
    await expectError(await postStripeEvent(e, await stripeSignature(payload, undefined, "whsec_someone_else")), 400, "signature_invalid");
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    await expectError(await postStripeEvent(e, await stripeSignature(payload, tenMinutesAgo)), 400, "signature_expired");
    const { stripeEvents } = await import("../../db/tables/billing");
    expect(await openDb(env.DB).select().from(stripeEvents).where(eq(stripeEvents.id, e.id)).get()).toBeUndefined();
  });

  it("acknowledges events it does not handle, and a replay of one as a duplicate", async () => {
    const e = event();
    expect(await deliver([e as never])).toEqual(["ignored"]);
    expect(await deliver([e as never])).toEqual(["duplicate"]);
  });
});

describe("billing routes", () => {
  it("are for owners only", async () => {
    const owner = await signUpOwner();
    const admin = await addMember(owner, "admin");
    await expectError(await admin.browser.get("/api/billing"), 403, "forbidden");
    await expectError(
      await admin.browser.post("/api/billing/checkout", { plan: "growth", interval: "month", currency: "eur" }),
      403,
      "forbidden",
    );
    await expectError(await admin.browser.post("/api/billing/portal"), 403, "forbidden");
  });

  it("never reach another organization's billing", async () => {
    const { owner: a } = await subscribed("business");
    const b = await signUpOwner("Other Co");
    expect(await billingOf(b)).toMatchObject({ plan: "growth", standing: "trialing", hasSubscription: false });
    expect((await expectJson<{ invoices: unknown[] }>(await b.browser.get("/api/billing/invoices"))).invoices).toEqual([]);
    await expectError(await b.browser.post("/api/billing/portal"), 409, "no_billing_customer");
    expect((await billingOf(a)).plan).toBe("business");
  });

  it("validates the plan choice", async () => {
    const owner = await signUpOwner();
    await expectError(
      await owner.browser.post("/api/billing/checkout", { plan: "free", interval: "month", currency: "eur" }),
      400,
      "invalid_body",
    );
    await expectError(
      await owner.browser.post("/api/billing/checkout", { plan: "growth", interval: "week", currency: "eur" }),
      400,
      "invalid_body",
    );
  });
});
