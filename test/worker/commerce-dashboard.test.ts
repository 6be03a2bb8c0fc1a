/**
 * The dashboard reads rollups that are exact under replays: a duplicate webhook or a double confirm
 * counts once; an agent's send counts as outbound; another org's figures never show.
 */
import { describe, expect, it } from "vitest";
import { expectError, expectJson } from "../support/api-errors";
import { shop } from "../support/commerce";

interface Dash {
  messages: { inbound: number; outbound: number; heat: number[][]; series: { day: number; inbound: number }[] };
  orders: { currency: string; orders: number; revenueMinor: number }[];
  topProductsByRevenue: { sku: string; quantity: number; revenueMinor: number }[];
  topProductsByQuantity: { sku: string }[];
  topCustomers: { contactId: string; lifetimeMinor: number; orderCount: number }[];
  reorders: { overdue: number; dueThisWeek: number };
}

describe("dashboard", () => {
  it("counts messages, orders, products and customers once, whatever the replays", async () => {
    const s = await shop();
    const other = await shop();
    // shop() stored msg_01 once; Meta retries it twice.
    expect((await s.post("msg_01_text")).status).toBe(200);
    expect((await s.post("msg_01_text")).status).toBe(200);
    expect((await s.post("msg_02_text_reply_context")).status).toBe(200);
    // Alice writes now, so the window is open for the agent's answer.
    const fresh = (b: string) =>
      b.replace('"1781200000"', `"${Math.floor(Date.now() / 1000)}"`).replace(/wamid\.[A-Za-z0-9=]+/, `wamid.fresh-${crypto.randomUUID()}`);
    expect((await s.post("msg_01_text", fresh)).status).toBe(200);
    const send = { type: "text", clientId: crypto.randomUUID(), text: "Hello!" };
    await expectJson(await s.agent.browser.post(`/api/conversations/${s.conversationId}/messages`, send), 201);
    // A double click: the same client id, stored and counted once.
    expect((await s.agent.browser.post(`/api/conversations/${s.conversationId}/messages`, send)).ok).toBe(true);

    const order = async (lines: unknown[]) =>
      (
        await expectJson<{ order: { id: string } }>(
          await s.agent.browser.post("/api/orders", { contactId: s.contactId, currency: "EUR", lines, status: "confirmed" }),
          201,
        )
      ).order.id;
    await order([{ productId: s.products.mug.id, quantity: 4 }]);
    const second = await order([{ productId: s.products.teapot.id, quantity: 1 }]);
    await expectJson(await s.agent.browser.post(`/api/orders/${second}/status`, { status: "confirmed" })); // no-op repeat
    // A draft is a quote, not a sale.
    await expectJson(
      await s.agent.browser.post("/api/orders", {
        contactId: s.contactId,
        currency: "EUR",
        lines: [{ productId: s.products.mug.id, quantity: 9 }],
      }),
      201,
    );

    const d = await expectJson<Dash>(await s.agent.browser.get("/api/dashboard"));
    expect(d.messages).toMatchObject({ inbound: 3, outbound: 1 });
    expect(d.messages.heat.flat().reduce((a, b) => a + b, 0)).toBe(3);
    expect(d.messages.series).toHaveLength(30);
    expect(d.orders).toEqual([expect.objectContaining({ currency: "EUR", orders: 2, revenueMinor: 4 * 1250 + 3499 })]);
    expect(d.topProductsByRevenue.map((p) => [p.sku, p.quantity, p.revenueMinor])).toEqual([
      ["MUG-BLUE", 4, 5000],
      ["TEAPOT-01", 1, 3499],
    ]);
    expect(d.topCustomers).toEqual([expect.objectContaining({ contactId: s.contactId, orderCount: 2, lifetimeMinor: 8499 })]);
    // The mug has an interval (30 days): one prediction, not due this week.
    expect(d.reorders).toEqual({ overdue: 0, dueThisWeek: 0 });

    // Org B sees none of it.
    const b = await expectJson<Dash>(await other.agent.browser.get("/api/dashboard"));
    expect(b.messages).toMatchObject({ inbound: 1, outbound: 0 });
    expect(b.orders).toEqual([]);
    expect(b.topCustomers).toEqual([]);

    const csv = await (await s.agent.browser.get("/api/dashboard/export.csv?table=products")).text();
    expect(csv).toBe("sku,name,currency,quantity,revenue\r\nMUG-BLUE,Blue mug,EUR,4,50.00\r\nTEAPOT-01,Teapot,EUR,1,34.99\r\n");
    await expectError(await s.agent.browser.get("/api/dashboard/export.csv?table=secrets"), 400, "invalid_query", "table");
    await expectError(
      await s.agent.browser.get("/api/dashboard?from=2026-02-01&to=2026-01-01"),
      400,
      "invalid_query",
      "from must be on or before to",
    );
    // A range outside today's has none of it.
    const past = await expectJson<Dash>(await s.agent.browser.get("/api/dashboard?from=2020-01-01&to=2020-01-31"));
    expect(past.messages.inbound).toBe(0);
    // The number filter (the dashboard's "Messages on"): this org's number has them all, another number none.
    const mine = await expectJson<Dash>(await s.agent.browser.get(`/api/dashboard?phoneNumberId=${s.phoneNumberId}`));
    expect(mine.messages).toMatchObject({ inbound: 3, outbound: 1 });
    const elsewhere = await expectJson<Dash>(await s.agent.browser.get(`/api/dashboard?phoneNumberId=${other.phoneNumberId}`));
    expect(elsewhere.messages).toMatchObject({ inbound: 0, outbound: 0 });
  }, 30_000);
});
