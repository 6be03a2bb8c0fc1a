/**
 * Drafts and auto-replies stand on the catalog and the customer's own orders, read from Commerce when
 * the prompt is built: the price the catalog says today (not an older one typed into the knowledge
 * base), availability, the customer's orders without their address; the lead score hears how many
 * orders they placed. What the local OpenAI peer received is what is checked.
 */
import { describe, expect, it } from "vitest";
import { addFact, customerSays, peerRequests, readSse, turnAiOn, until } from "../support/ai";
import { expectJson } from "../support/api-errors";
import { addProduct } from "../support/commerce";
import { workspace, type Workspace } from "../support/live";
import { conversationOf, messagesOf } from "../support/parley";

const CUSTOMER = "351911111111";

async function setup(features: Record<string, boolean> = { intent: false, leadScore: false, autoReply: false }) {
  const w = await workspace();
  await turnAiOn(w.owner, { features });
  // Typed into the knowledge base months ago; the catalog has moved on since.
  await addFact(w.owner, "Bule azul", "O bule azul custa 34,90 € e chega em 2 dias úteis.", "product");
  const teapot = await addProduct(w.owner, {
    sku: "BULE-AZUL",
    name: "Bule azul",
    priceMinor: 3499,
    currency: "EUR",
    description: "1 litro, vidrado à mão",
  });
  await addProduct(w.owner, { sku: "CANECA-VERDE", name: "Caneca verde", priceMinor: 1250, currency: "EUR", active: false });
  return { w, teapot };
}

async function draft(w: Workspace, conversationId: string) {
  const events = await readSse(await w.owner.browser.post(`/api/conversations/${conversationId}/ai/draft`, {}));
  expect(events.at(-1)!.event).toBe("done");
  return events.at(-1)!.data.text as string;
}

const systemOf = (body: { messages?: { role: string; content: string }[] }) =>
  body.messages?.find((m) => m.role === "system")?.content ?? "";

describe("AI grounded in the catalog and the customer's orders", { timeout: 30_000 }, () => {
  it("a draft quotes the catalog's current price, not the knowledge base's old one, and follows a price change", async () => {
    const { w, teapot } = await setup();
    await customerSays(w, "Olá! Quanto custa o bule azul?");
    const conv = await conversationOf(w.orgId, CUSTOMER);

    const text = await draft(w, conv.id);
    expect(text).toContain("34,99 €");
    expect(text).not.toContain("34,90");
    const [first] = await peerRequests(w.orgId);
    const system = systemOf(first!.body);
    expect(system).toContain("Catalog (current prices and availability");
    expect(system).toContain("- Bule azul (BULE-AZUL): 34,99 € per unit, available. 1 litro, vidrado à mão");
    expect(system).toContain("- Caneca verde (CANECA-VERDE): not available at the moment.");
    // The knowledge base still goes: it carries what the catalog does not (delivery times).
    expect(system).toContain("O bule azul custa 34,90 €");

    await expectJson(await w.owner.browser.patch(`/api/products/${teapot.id}`, { priceMinor: 3699 }));
    expect(await draft(w, conv.id)).toContain("36,99 €");
    expect(systemOf((await peerRequests(w.orgId))[1]!.body)).toContain("- Bule azul (BULE-AZUL): 36,99 € per unit, available.");
  });

  it("prices are written the way the customer reads them: €34.99 for an English speaker", async () => {
    const { w } = await setup();
    await customerSays(w, "Hi! How much is the bule azul?");
    const conv = await conversationOf(w.orgId, CUSTOMER);
    expect(await draft(w, conv.id)).toContain("€34.99");
  });

  it("a draft knows the customer's orders (number, date, status, items, total) but never their address or notes", async () => {
    const { w, teapot } = await setup();
    await customerSays(w, "Olá, a minha encomenda já foi enviada? Obrigada");
    const conv = await conversationOf(w.orgId, CUSTOMER);
    const { order } = await expectJson<{ order: { id: string; number: number } }>(
      await w.owner.browser.post("/api/orders", {
        contactId: conv.contactId,
        currency: "EUR",
        lines: [{ productId: teapot.id, quantity: 2 }],
        deliveryAddress: { name: "Ana", line1: "Rua Augusta 120", city: "Lisboa", country: "PT" },
        notes: "Leave it with the neighbour at number 3",
        status: "confirmed",
      }),
      201,
    );
    await expectJson(await w.owner.browser.post(`/api/orders/${order.id}/status`, { status: "shipped" }));

    const text = await draft(w, conv.id);
    const day = new Date().toISOString().slice(0, 10);
    expect(text).toBe(`Olá! Order #${order.number} (${day}, shipped): 2 × Bule azul; total 69,98 €.`);
    const system = systemOf((await peerRequests(w.orgId))[0]!.body);
    expect(system).toContain(`- Order #${order.number} (${day}, shipped): 2 × Bule azul; total 69,98 €.`);
    expect(system).not.toContain("Rua Augusta");
    expect(system).not.toContain("neighbour");
  });

  it("another organization's catalog and orders never reach this one's prompt", async () => {
    const { w } = await setup();
    const other = await workspace();
    await addProduct(other.owner, { sku: "BULE-AZUL", name: "Bule azul", priceMinor: 999, currency: "EUR" });
    await addProduct(other.owner, { sku: "SEGREDO", name: "Produto secreto", priceMinor: 100, currency: "EUR" });
    await customerSays(w, "Olá! Quanto custa o bule azul?");
    const conv = await conversationOf(w.orgId, CUSTOMER);
    expect(await draft(w, conv.id)).toContain("34,99 €");
    const sent = JSON.stringify((await peerRequests(w.orgId))[0]!.body);
    expect(sent).not.toContain("9,99");
    expect(sent).not.toContain("Produto secreto");
  });

  it("an auto-reply answers with the catalog's price, and the lead score hears the customer's past orders", async () => {
    const { w, teapot } = await setup({ intent: true, leadScore: true, autoReply: true });
    await customerSays(w, "Olá");
    const conv = await conversationOf(w.orgId, CUSTOMER);
    await expectJson(
      await w.owner.browser.post("/api/orders", {
        contactId: conv.contactId,
        currency: "EUR",
        lines: [{ productId: teapot.id, quantity: 1 }],
        status: "confirmed",
      }),
      201,
    );
    await customerSays(w, "Quanto custa o bule azul?");
    const reply = await until(async () =>
      (await messagesOf(w.orgId, conv.id)).find((m) => m.direction === "outbound" && m.content.type === "text"),
    );
    expect(reply.content).toEqual({ type: "text", body: "Olá! Bule azul: 34,99 € per unit, available. 1 litro, vidrado à mão" });
    const requests = await peerRequests(w.orgId);
    const autoReply = requests.find((r) => r.body.response_format?.json_schema?.name === "auto_reply")!;
    expect(systemOf(autoReply.body)).toContain("- Bule azul (BULE-AZUL): 34,99 € per unit, available.");
    const triages = requests.filter((r) => r.body.response_format?.json_schema?.name === "triage");
    // The first message came before any order; the second after one confirmed order.
    expect(triages.at(-1)!.body.messages!.at(-1)!.content).toMatch(/^Orders: 1\n/);
  });
});
