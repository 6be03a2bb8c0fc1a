/**
 * Payment links in chat: an owner connects the org's own Stripe account (Connect onboarding on the local
 * Stripe peer), an agent sends a link for a confirmed order in the customer's chat, the customer pays on
 * the peer's Checkout page, and the Connect webhook marks the order paid, live; refunds and expiry come
 * back the same way, duplicates and reordered events end in the same state, and nothing crosses orgs.
 */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { paymentLinks } from "../../db/tables/payments";
import type { Member } from "../support/accounts";
import { customerSays, until } from "../support/ai";
import { expectError, expectJson } from "../support/api-errors";
import { peerSendsTo as allSends } from "../support/campaigns";
import { shop, type Shop } from "../support/commerce";
import { socket } from "../support/live";
import { ALICE, db } from "../support/parley";
import { stripeSignature } from "../support/stripe";

interface Link {
  id: string;
  url: string;
  status: string;
  amountMinor: number;
  refundedMinor: number;
  paymentIntentId: string | null;
  sessionId: string;
}
interface ConnectEvent {
  id: string;
  type: string;
  account?: string;
  data: { object: Record<string, unknown> & { id: string } };
}

const stripeBase = () => env.STRIPE_API_BASE;
/** What the Meta peer was asked to send from the number, texts readable. */
const peerSendsTo = async (phoneNumberId: string) => (await allSends(phoneNumberId)) as unknown as { body: { text?: { body?: string } } }[];

async function postConnect(event: unknown, secret = env.STRIPE_CONNECT_WEBHOOK_SECRET): Promise<Response> {
  const payload = JSON.stringify(event);
  const { SELF } = await import("cloudflare:test");
  return SELF.fetch("https://parley.test/webhooks/stripe-connect", {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": await stripeSignature(payload, undefined, secret) },
    body: payload,
  });
}

/** The peer's events for one connected account, oldest first, from `after` on. */
async function accountEvents(account: string, after = 0): Promise<ConnectEvent[]> {
  const { events } = (await (await fetch(`${stripeBase()}/__stripe/events`)).json()) as { events: ConnectEvent[] };
  return events.filter((e) => e.account === account).slice(after);
}

async function deliver(events: ConnectEvent[]): Promise<string[]> {
  const outcomes: string[] = [];
  for (const e of events) outcomes.push((await expectJson<{ outcome: string }>(await postConnect(e))).outcome);
  return outcomes;
}

/** Owner connects and finishes Stripe's onboarding; answers the account id. */
async function connect(s: Shop): Promise<string> {
  const { url } = await expectJson<{ url: string }>(await s.owner.browser.post("/api/payments/connection/onboarding"));
  expect(url).toMatch(/\/connect\/acctlink_/);
  const done = await fetch(`${url}/complete`, { method: "POST", redirect: "manual" });
  expect(done.status).toBe(303);
  expect(done.headers.get("location")).toMatch(/\/settings\?payments=done$/);
  const { connection } = await expectJson<{ connection: { accountId: string } }>(
    await s.owner.browser.post("/api/payments/connection/refresh"),
  );
  return connection.accountId;
}

async function confirmedOrder(s: Shop, member: Member = s.agent) {
  const { order } = await expectJson<{ order: { id: string; number: number } }>(
    await member.browser.post("/api/orders", {
      contactId: s.contactId,
      currency: "EUR",
      lines: [{ productId: s.products.mug.id, quantity: 2 }],
      shippingMinor: 500,
      status: "confirmed",
    }),
    201,
  );
  return order;
}

const orderOf = async (m: Member, id: string) =>
  await expectJson<{ order: { status: string }; history: { toStatus: string; note: string | null; actorId: string | null }[] }>(
    await m.browser.get(`/api/orders/${id}`),
  );
const linksOf = async (m: Member, id: string) =>
  (await expectJson<{ links: Link[] }>(await m.browser.get(`/api/orders/${id}/payment-links`))).links;

async function refund(account: string, intent: string, amount?: number): Promise<Response> {
  const form = new URLSearchParams({ payment_intent: intent, ...(amount !== undefined && { amount: String(amount) }) });
  return fetch(`${stripeBase()}/v1/refunds`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${env.STRIPE_SECRET_KEY}`,
      "stripe-account": account,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: form,
  });
}

describe("payment links", { timeout: 60_000 }, () => {
  it("an owner connects Stripe, an agent sends a link in the chat, paying marks the order paid live, refunds follow", async () => {
    const s = await shop();
    const order = await confirmedOrder(s);
    const path = `/api/orders/${order.id}/payment-links`;

    expect(
      (await expectJson<{ connection: { connected: boolean } }>(await s.agent.browser.get("/api/payments/connection"))).connection
        .connected,
    ).toBe(false);
    await expectError(
      await s.agent.browser.post(path, { clientId: crypto.randomUUID() }),
      409,
      "stripe_not_connected",
      "Settings → Payments",
    );
    await expectError(await s.agent.browser.post("/api/payments/connection/onboarding"), 403, "forbidden");

    // Connected but onboarding not finished: Stripe cannot take payments yet.
    const first = await expectJson<{ url: string }>(await s.owner.browser.post("/api/payments/connection/onboarding"));
    expect(first.url).toContain("/connect/");
    await expectError(await s.agent.browser.post(path, { clientId: crypto.randomUUID() }), 409, "stripe_not_ready");
    // A second click makes no second account.
    const account = await connect(s);
    expect(account).toMatch(/^acct_/);
    // The account.updated event of the onboarding agrees with the refresh (and is applied idempotently).
    expect(await deliver(await accountEvents(account))).toEqual(["account_updated"]);

    // The window is closed (Alice wrote long ago): text is refused, nothing is created at Stripe.
    await expectError(await s.agent.browser.post(path, { clientId: crypto.randomUUID() }), 422, "window_closed", "template");
    expect(await linksOf(s.agent, order.id)).toEqual([]);

    await customerSays(s, "Can I pay by card?", { from: ALICE.waId, name: "Alice" });
    const clientId = crypto.randomUUID();
    const sent = await expectJson<{ link: Link; duplicate: boolean; conversationId: string }>(
      await s.agent.browser.post(path, { clientId }),
      201,
    );
    expect(sent).toMatchObject({ duplicate: false, conversationId: s.conversationId });
    expect(sent.link).toMatchObject({ status: "open", amountMinor: 3000, currency: "EUR", refundedMinor: 0 });
    expect(sent.link.url).toMatch(new RegExp(`^${stripeBase()}/checkout/cs_test_`));
    const text = await until(async () => (await peerSendsTo(s.phoneNumberId)).find((x) => x.body.text?.body?.includes(sent.link.url)));
    expect(text.body.text?.body).toContain(`*Order #${order.number}* · 30.00 EUR`);

    // The same click again is the same message; another click reuses the open link.
    expect((await expectJson<{ duplicate: boolean }>(await s.agent.browser.post(path, { clientId }), 200)).duplicate).toBe(true);
    const again = await expectJson<{ link: Link }>(await s.agent.browser.post(path, { clientId: crypto.randomUUID() }), 201);
    expect(again.link.id).toBe(sent.link.id);
    expect(await linksOf(s.agent, order.id)).toHaveLength(1);

    // The customer pays; the Connect webhook marks link and order paid and tells the open inbox.
    const live = await socket(s.agent, "/api/live/inbox");
    const before = (await accountEvents(account)).length;
    const paid = await fetch(`${sent.link.url}/pay`, { method: "POST", redirect: "manual" });
    expect(paid.status).toBe(200);
    expect(await paid.text()).toContain("Paid. Thank you!");
    const payEvents = await accountEvents(account, before);
    expect(payEvents.map((e) => e.type)).toEqual(["checkout.session.completed"]);
    expect(await deliver(payEvents)).toEqual(["paid"]);
    await live.next(
      (f) =>
        f.t === "order" && (f.order as { id: string; status: string }).id === order.id && (f.order as { status: string }).status === "paid",
    );
    const afterPay = await orderOf(s.agent, order.id);
    expect(afterPay.order.status).toBe("paid");
    expect(afterPay.history.at(-1)).toMatchObject({ toStatus: "paid", note: "Paid by card through the payment link", actorId: null });
    // Stripe delivers twice: nothing moves again.
    expect(await deliver(payEvents)).toEqual(["duplicate"]);
    const [paidLink] = await linksOf(s.agent, order.id);
    expect(paidLink).toMatchObject({ status: "paid", paymentIntentId: expect.stringMatching(/^pi_/) });
    await expectError(await s.agent.browser.post(path, { clientId: crypto.randomUUID() }), 409, "order_not_payable", "already paid");

    // The business refunds from its Stripe dashboard: part, then the rest.
    const partial = await refund(account, paidLink!.paymentIntentId!, 1000);
    expect(partial.status).toBe(200);
    expect(await deliver((await accountEvents(account)).filter((e) => e.type === "charge.refunded"))).toEqual(["partially_refunded"]);
    expect((await orderOf(s.agent, order.id)).order.status).toBe("paid");
    expect((await linksOf(s.agent, order.id))[0]).toMatchObject({ status: "paid", refundedMinor: 1000 });
    expect((await refund(account, paidLink!.paymentIntentId!)).status).toBe(200);
    const refunds = (await accountEvents(account)).filter((e) => e.type === "charge.refunded");
    // Both refund events again, in reverse: the older one cannot shrink the refunded amount.
    expect(await deliver([...refunds].reverse())).toEqual(["refunded", "duplicate"]);
    expect((await orderOf(s.agent, order.id)).order.status).toBe("refunded");
    expect((await linksOf(s.agent, order.id))[0]).toMatchObject({ status: "refunded", refundedMinor: 3000 });
    live.close();
  });

  it("expiry, a refund that arrives before its payment, signatures, and other organizations", async () => {
    const s = await shop();
    const other = await shop();
    const account = await connect(s);
    const otherAccount = await connect(other);
    await customerSays(s, "Send me the link", { from: ALICE.waId, name: "Alice" });
    const order = await confirmedOrder(s);
    const path = `/api/orders/${order.id}/payment-links`;

    // Drafts and bad bodies are refused, nothing stored.
    const { order: draft } = await expectJson<{ order: { id: string } }>(
      await s.agent.browser.post("/api/orders", {
        contactId: s.contactId,
        currency: "EUR",
        lines: [{ productId: s.products.mug.id, quantity: 1 }],
      }),
      201,
    );
    await expectError(
      await s.agent.browser.post(`/api/orders/${draft.id}/payment-links`, { clientId: crypto.randomUUID() }),
      409,
      "order_not_payable",
      "Confirm",
    );
    await expectError(await s.agent.browser.post(path, { clientId: "nope" }), 400, "invalid_body", "clientId");
    await expectError(await s.agent.browser.post(path, { clientId: crypto.randomUUID(), amount: 1 }), 400, "invalid_body");
    expect(await linksOf(s.agent, order.id)).toEqual([]);

    // Another org can neither see nor send this order's links, nor reuse its clientId.
    const first = await expectJson<{ link: Link }>(await s.agent.browser.post(path, { clientId: crypto.randomUUID() }), 201);
    await expectError(await other.agent.browser.get(path), 404, "order_not_found");
    await expectError(await other.agent.browser.post(path, { clientId: crypto.randomUUID() }), 404, "order_not_found");
    await expectError(await other.owner.browser.get(`/api/orders/${order.id}`), 404, "order_not_found");

    // The link expires at Stripe: the order stays confirmed; the next send makes a new link.
    const n = (await accountEvents(account)).length;
    expect(
      (await fetch(`${stripeBase()}/__stripe/expire`, { method: "POST", body: JSON.stringify({ session: first.link.sessionId }) })).status,
    ).toBe(200);
    expect(await deliver(await accountEvents(account, n))).toEqual(["expired"]);
    expect((await linksOf(s.agent, order.id))[0]!.status).toBe("expired");
    expect((await orderOf(s.agent, order.id)).order.status).toBe("confirmed");
    const second = await expectJson<{ link: Link }>(await s.agent.browser.post(path, { clientId: crypto.randomUUID() }), 201);
    expect(second.link.id).not.toBe(first.link.id);

    // A link with under an hour left is replaced, and the old one is expired at Stripe too.
    await db()
      .update(paymentLinks)
      .set({ expiresAt: Date.now() + 10 * 60_000 })
      .where(eq(paymentLinks.id, second.link.id))
      .run();
    const m = (await accountEvents(account)).length;
    const third = await expectJson<{ link: Link }>(await s.agent.browser.post(path, { clientId: crypto.randomUUID() }), 201);
    expect(third.link.id).not.toBe(second.link.id);
    expect((await accountEvents(account, m)).map((e) => [e.type, e.data.object.id])).toEqual([
      ["checkout.session.expired", second.link.sessionId],
    ]);

    // Paid, then refunded in full; Stripe delivers the refund first. Same end state, order paid then refunded.
    const k = (await accountEvents(account)).length;
    await fetch(`${third.link.url}/pay`, { method: "POST", redirect: "manual" });
    const [completed] = await accountEvents(account, k);
    const intent = String(completed!.data.object.payment_intent);
    expect((await refund(account, intent)).status).toBe(200);
    const [, refunded] = await accountEvents(account, k);
    expect(await deliver([refunded!, completed!])).toEqual(["refunded", "duplicate"]);
    const done = await orderOf(s.agent, order.id);
    expect(done.order.status).toBe("refunded");
    expect(done.history.map((h) => h.toStatus).slice(-2)).toEqual(["paid", "refunded"]);

    // Signatures: none, wrong, or the platform billing endpoint's secret are all refused, nothing applied.
    const forged = { ...completed!, id: "evt_forged" };
    await expectError(await postConnect(forged, "whsec_wrong"), 400, "signature_invalid");
    await expectError(await postConnect(forged, env.STRIPE_WEBHOOK_SECRET), 400, "signature_invalid");
    const { SELF } = await import("cloudflare:test");
    await expectError(
      await SELF.fetch("https://parley.test/webhooks/stripe-connect", { method: "POST", body: "{}" }),
      400,
      "signature_missing",
    );

    // An event naming another account cannot move this org's link.
    const otherOrder = await confirmedOrder(other);
    await customerSays(other, "hi", { from: ALICE.waId, name: "Alice" });
    const theirs = await expectJson<{ link: Link }>(
      await other.agent.browser.post(`/api/orders/${otherOrder.id}/payment-links`, { clientId: crypto.randomUUID() }),
      201,
    );
    const spoof = { ...completed!, id: "evt_spoof", account, data: { object: { ...completed!.data.object, id: theirs.link.sessionId } } };
    expect(await deliver([spoof as ConnectEvent])).toEqual(["ignored"]);
    expect((await linksOf(other.agent, otherOrder.id))[0]!.status).toBe("open");
    expect(otherAccount).not.toBe(account);
    // Disconnecting is the owner's; afterwards no new links.
    await expectError(await s.agent.browser.delete("/api/payments/connection"), 403, "forbidden");
    expect((await s.owner.browser.delete("/api/payments/connection")).status).toBe(200);
    await expectError(await s.owner.browser.delete("/api/payments/connection"), 404, "stripe_not_connected");
  });

  it("a paid link can start an automation rule that thanks the customer", async () => {
    const s = await shop();
    const account = await connect(s);
    await customerSays(s, "ok", { from: ALICE.waId, name: "Alice" });
    await expectJson(
      await s.owner.browser.post("/api/automation/rules", {
        name: "Thank payers",
        trigger: "order.paid",
        actions: [{ type: "send_text", text: "Thank you, payment received!" }],
      }),
      201,
    );
    const order = await confirmedOrder(s);
    const { link } = await expectJson<{ link: Link }>(
      await s.agent.browser.post(`/api/orders/${order.id}/payment-links`, { clientId: crypto.randomUUID() }),
      201,
    );
    const k = (await accountEvents(account)).length;
    await fetch(`${link.url}/pay`, { method: "POST", redirect: "manual" });
    const events = await accountEvents(account, k);
    expect(await deliver(events)).toEqual(["paid"]);
    await until(async () => (await peerSendsTo(s.phoneNumberId)).find((x) => x.body.text?.body === "Thank you, payment received!"));
    // A redelivery does not thank twice.
    expect(await deliver(events)).toEqual(["duplicate"]);
    await new Promise((r) => setTimeout(r, 500));
    expect((await peerSendsTo(s.phoneNumberId)).filter((x) => x.body.text?.body === "Thank you, payment received!")).toHaveLength(1);
  });
});
