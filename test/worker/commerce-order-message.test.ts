/**
 * Sending an order to its customer on WhatsApp: as text inside the 24-hour window, with an approved
 * template after it; through the ordinary send path (the local Meta peer receives it), once per clientId.
 */
import { describe, expect, inject, it } from "vitest";
import { expectError, expectJson } from "../support/api-errors";
import { shop } from "../support/commerce";

const peer = inject("metaPeerUrl");

interface PeerSend {
  phoneNumberId: string;
  body: { type: string; text?: { body: string }; template?: { name: string; components?: { parameters: { text: string }[] }[] } };
}
const sendsTo = async (phoneNumberId: string) =>
  ((await (await fetch(`${peer}/__peer/sends`)).json()) as PeerSend[]).filter((s) => s.phoneNumberId === phoneNumberId);

async function until<T>(fn: () => Promise<T | undefined | null | false>, ms = 8000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("sending an order to the customer", () => {
  it("uses a template once the window has closed, text inside it, and sends each clientId once", async () => {
    const s = await shop(); // Alice wrote long ago: the window is closed
    const other = await shop();
    expect((await s.owner.browser.post("/api/templates/sync")).status).toBe(200);
    const { order } = await expectJson<{ order: { id: string; number: number } }>(
      await s.agent.browser.post("/api/orders", {
        contactId: s.contactId,
        currency: "EUR",
        lines: [{ productId: s.products.mug.id, quantity: 2 }],
        shippingMinor: 500,
        status: "confirmed",
      }),
      201,
    );
    const path = `/api/orders/${order.id}/message`;

    await expectError(await s.agent.browser.post(path, { clientId: crypto.randomUUID() }), 422, "window_closed", "template");
    await expectError(
      await s.agent.browser.post(path, { clientId: crypto.randomUUID(), template: { name: "no_such_template", language: "en_US" } }),
      404,
      "template_not_found",
    );
    await expectError(
      await s.agent.browser.post(path, { clientId: crypto.randomUUID(), template: { name: "appointment_reminder", language: "en_US" } }),
      422,
      "template_not_approved",
    );
    expect(await sendsTo(s.phoneNumberId)).toEqual([]);

    const templated = await expectJson<{ conversationId: string; duplicate: boolean }>(
      await s.agent.browser.post(path, { clientId: crypto.randomUUID(), template: { name: "order_confirmation", language: "en_US" } }),
      201,
    );
    expect(templated).toMatchObject({ conversationId: s.conversationId, duplicate: false });
    const template = await until(async () => (await sendsTo(s.phoneNumberId)).find((x) => x.body.type === "template"));
    expect(template.body.template?.name).toBe("order_confirmation");
    expect(template.body.template?.components?.[0]?.parameters.map((p) => p.text)).toEqual([
      "Alice",
      `#${order.number}`,
      "confirmed, total 30.00 EUR",
    ]);

    // Alice writes: inside the window the summary goes as text.
    const now = `"${Math.floor(Date.now() / 1000)}"`;
    expect(
      (
        await s.post("msg_01_text", (b) =>
          b.replace('"1781200000"', now).replace(/wamid\.[A-Za-z0-9=]+/, `wamid.now-${crypto.randomUUID()}`),
        )
      ).status,
    ).toBe(200);
    const clientId = crypto.randomUUID();
    await expectJson(await s.agent.browser.post(path, { clientId }), 201);
    const text = await until(async () => (await sendsTo(s.phoneNumberId)).find((x) => x.body.type === "text"));
    expect(text.body.text?.body).toBe(
      [`*Order #${order.number}* · Confirmed`, "", "2 × Blue mug — 25.00 EUR", "", "Shipping: 5.00 EUR", "*Total: 30.00 EUR*"].join("\n"),
    );
    // A retry of the same send: the same message, nothing new to Meta.
    expect(await expectJson<{ duplicate: boolean }>(await s.agent.browser.post(path, { clientId }), 200)).toMatchObject({
      duplicate: true,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect((await sendsTo(s.phoneNumberId)).length).toBe(2);

    // Bad input, and another org: refused, nothing sent.
    await expectError(await s.agent.browser.post(path, { clientId: "not-a-uuid" }), 400, "invalid_body", "clientId");
    await expectError(await s.agent.browser.post(path, { clientId: crypto.randomUUID(), sms: true }), 400, "invalid_body");
    await expectError(
      await s.agent.browser.post("/api/orders/ord_nope/message", { clientId: crypto.randomUUID() }),
      404,
      "order_not_found",
    );
    await expectError(await other.agent.browser.post(path, { clientId: crypto.randomUUID() }), 404, "order_not_found");
    expect((await sendsTo(s.phoneNumberId)).length).toBe(2);
    expect(await sendsTo(other.phoneNumberId)).toEqual([]);
  }, 40_000);

  it("answers 409 no_conversation for a customer who never wrote", async () => {
    const s = await shop();
    const { contact } = await expectJson<{ contact: { id: string } }>(
      await s.agent.browser.post("/api/contacts", { phone: "+351 912 345 678", displayName: "Walk-in" }),
      201,
    );
    const { order } = await expectJson<{ order: { id: string } }>(
      await s.agent.browser.post("/api/orders", {
        contactId: contact.id,
        currency: "EUR",
        lines: [{ name: "Gift wrap", quantity: 1, unitPriceMinor: 300 }],
      }),
      201,
    );
    await expectError(
      await s.agent.browser.post(`/api/orders/${order.id}/message`, { clientId: crypto.randomUUID() }),
      409,
      "no_conversation",
    );
  }, 30_000);
});
