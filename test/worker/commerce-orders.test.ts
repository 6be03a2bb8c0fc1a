/**
 * Sales orders: totals computed server-side, money validation (422, nothing stored), the status
 * machine with its history, rollups counted exactly once, live frames, filters and CSV.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orderDailyRollups, productDailyRollups } from "../../db/tables/rollups";
import { orders } from "../../db/tables/commerce";
import { expectError, expectJson } from "../support/api-errors";
import { shop } from "../support/commerce";
import { socket } from "../support/live";
import { db } from "../support/parley";

interface Detail {
  order: {
    id: string;
    number: number;
    status: string;
    subtotalMinor: number;
    discountMinor: number;
    taxMinor: number;
    shippingMinor: number;
    totalMinor: number;
    placedAt: number | null;
    deliveryAddress: unknown;
  };
  lines: { productId: string | null; name: string; quantity: number; unitPriceMinor: number; lineTotalMinor: number }[];
  history: { fromStatus: string | null; toStatus: string; actorId: string | null }[];
}

const ordersOf = (orgId: string) => db().select().from(orders).where(eq(orders.orgId, orgId)).all();

describe("orders", { timeout: 30_000 }, () => {
  it("computes lines, discount, tax, shipping and total on the server", async () => {
    const s = await shop();
    const res = await s.agent.browser.post("/api/orders", {
      contactId: s.contactId,
      conversationId: s.conversationId,
      currency: "EUR",
      lines: [
        { productId: s.products.mug.id, quantity: 2 },
        { productId: s.products.teapot.id, quantity: 1, unitPriceMinor: 3000 },
        { name: "Gift wrap", quantity: 1, unitPriceMinor: 199 },
      ],
      discountMinor: 500,
      taxRateBps: 2300,
      shippingMinor: 450,
      deliveryAddress: { name: "Alice", line1: "Rua Augusta 1", city: "Lisboa", country: "PT" },
    });
    const d = await expectJson<Detail>(res, 201);
    // 2×12.50 + 30.00 + 1.99 = 56.99; −5.00 = 51.99; tax 23% = 11.9577 → 11.96; +4.50 = 68.45
    expect(d.order).toMatchObject({
      number: 1,
      status: "draft",
      subtotalMinor: 5699,
      discountMinor: 500,
      taxMinor: 1196,
      shippingMinor: 450,
      totalMinor: 6845,
    });
    expect(d.lines.map((l) => [l.name, l.quantity, l.unitPriceMinor, l.lineTotalMinor])).toEqual([
      ["Blue mug", 2, 1250, 2500],
      ["Teapot", 1, 3000, 3000],
      ["Gift wrap", 1, 199, 199],
    ]);
    expect(d.history).toEqual([expect.objectContaining({ fromStatus: null, toStatus: "draft", actorId: s.agent.userId })]);
    // The next order numbers on, and its address defaults from the contact's last order.
    const next = await expectJson<Detail>(
      await s.agent.browser.post("/api/orders", {
        contactId: s.contactId,
        currency: "EUR",
        lines: [{ productId: s.products.mug.id, quantity: 1 }],
      }),
      201,
    );
    expect(next.order.number).toBe(2);
    expect(next.order.deliveryAddress).toEqual(d.order.deliveryAddress);
  });

  it("refuses bad money with 422 naming the field, and stores nothing", async () => {
    const s = await shop();
    const base = { contactId: s.contactId, currency: "EUR", lines: [{ productId: s.products.mug.id, quantity: 1 }] };
    const cases: [unknown, string, string][] = [
      [{ ...base, lines: [{ productId: s.products.mug.id, quantity: -1 }] }, "invalid_body", "lines.0.quantity"],
      [{ ...base, lines: [{ productId: s.products.mug.id, quantity: 1.5 }] }, "invalid_body", "lines.0.quantity"],
      [{ ...base, lines: [{ name: "Thing", quantity: 1, unitPriceMinor: 9.99 }] }, "invalid_body", "lines.0.unitPriceMinor"],
      [{ ...base, discountMinor: -100 }, "invalid_body", "discountMinor"],
      [{ ...base, shippingMinor: 4.5 }, "invalid_body", "shippingMinor"],
      [{ ...base, lines: [{ productId: s.products.cup.id, quantity: 1 }] }, "currency_mismatch", "lines.0: Dollar cup is priced in USD"],
      [{ ...base, lines: [{ name: "Thing", quantity: 1 }] }, "invalid_order", "lines.0.unitPriceMinor"],
      [{ ...base, lines: [] }, "invalid_body", "lines"],
      [{ ...base, lines: [{ productId: "prd_nope", quantity: 1 }] }, "invalid_order", "lines.0.productId"],
    ];
    for (const [body, code, field] of cases) await expectError(await s.agent.browser.post("/api/orders", body), 422, code, field);
    await expectError(await s.agent.browser.post("/api/orders", { ...base, contactId: "nope" }), 404, "contact_not_found");
    expect(await ordersOf(s.orgId)).toEqual([]);
  });

  it("moves through the status machine with history; revenue counts once, from confirmed until refunded", async () => {
    const s = await shop();
    const { order } = await expectJson<Detail>(
      await s.agent.browser.post("/api/orders", {
        contactId: s.contactId,
        currency: "EUR",
        lines: [{ productId: s.products.mug.id, quantity: 3 }],
      }),
      201,
    );
    const move = (status: string) => s.agent.browser.post(`/api/orders/${order.id}/status`, { status });
    await expectError(await move("shipped"), 409, "invalid_transition", "it can become confirmed or cancelled");
    // Two agents confirm at once: one history entry, counted once.
    const [r1, r2] = await Promise.all([move("confirmed"), move("confirmed")]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    const revenue = async () => {
      const [day] = await db().select().from(orderDailyRollups).where(eq(orderDailyRollups.orgId, s.orgId)).all();
      const [product] = await db().select().from(productDailyRollups).where(eq(productDailyRollups.orgId, s.orgId)).all();
      return { orders: day?.orders, revenue: day?.revenueMinor, qty: product?.quantity };
    };
    expect(await revenue()).toEqual({ orders: 1, revenue: 3750, qty: 3 });
    await expectJson(await move("paid"));
    await expectJson(await move("shipped"));
    const delivered = await expectJson<Detail>(await move("delivered"));
    expect(delivered.history.map((h) => h.toStatus)).toEqual(["draft", "confirmed", "paid", "shipped", "delivered"]);
    expect(await revenue()).toEqual({ orders: 1, revenue: 3750, qty: 3 });
    await expectJson(await move("refunded"));
    expect(await revenue()).toEqual({ orders: 0, revenue: 0, qty: 0 });
    await expectError(await move("confirmed"), 409, "invalid_transition", "A refunded order cannot become confirmed.");
    await expectError(await s.agent.browser.post(`/api/orders/${order.id}/status`, { status: "lost" }), 422, "invalid_body", "status");
  });

  it("puts the contact's order moves on their timeline, newest first, and only theirs", async () => {
    const s = await shop();
    const other = await shop();
    const place = async (shopOf: typeof s, quantity: number) =>
      (
        await expectJson<Detail>(
          await shopOf.agent.browser.post("/api/orders", {
            contactId: shopOf.contactId,
            currency: "EUR",
            lines: [{ productId: shopOf.products.mug.id, quantity }],
            status: "confirmed",
          }),
          201,
        )
      ).order;
    const first = await place(s, 1);
    await place(other, 5);
    await expectJson(await s.agent.browser.post(`/api/orders/${first.id}/status`, { status: "paid" }));
    type Timeline = { orders: { orderId: string; number: number; toStatus: string; totalMinor: number; byUserId: string | null }[] };
    const { orders: moves } = await expectJson<Timeline>(await s.agent.browser.get(`/api/contacts/${s.contactId}/timeline`));
    expect(moves.map((m) => [m.number, m.toStatus, m.totalMinor])).toEqual([
      [first.number, "paid", 1250],
      [first.number, "confirmed", 1250],
      [first.number, "draft", 1250],
    ]);
    expect(moves.every((m) => m.orderId === first.id && m.byUserId === s.agent.userId)).toBe(true);
    await expectError(await other.agent.browser.get(`/api/contacts/${s.contactId}/timeline`), 404, "contact_not_found");
  });

  it("edits lines only on a draft; notes always", async () => {
    const s = await shop();
    const { order } = await expectJson<Detail>(
      await s.agent.browser.post("/api/orders", {
        contactId: s.contactId,
        currency: "EUR",
        lines: [{ productId: s.products.mug.id, quantity: 1 }],
      }),
      201,
    );
    const edited = await expectJson<Detail>(
      await s.agent.browser.patch(`/api/orders/${order.id}`, {
        lines: [{ productId: s.products.teapot.id, quantity: 2 }],
        shippingMinor: 100,
      }),
    );
    expect(edited.order.totalMinor).toBe(2 * 3499 + 100);
    expect(edited.lines.map((l) => l.name)).toEqual(["Teapot"]);
    await expectJson(await s.agent.browser.post(`/api/orders/${order.id}/status`, { status: "confirmed" }));
    await expectError(await s.agent.browser.patch(`/api/orders/${order.id}`, { discountMinor: 100 }), 409, "order_locked");
    const noted = await expectJson<{ order: { notes: string; totalMinor: number } }>(
      await s.agent.browser.patch(`/api/orders/${order.id}`, { notes: "Leave at the door" }),
    );
    expect(noted.order).toMatchObject({ notes: "Leave at the door", totalMinor: 2 * 3499 + 100 });
  });

  it("pushes every change to the org's agents as an order frame", async () => {
    const s = await shop();
    const inbox = await socket(s.owner, "/api/live/inbox");
    await inbox.next((f) => f.t === "ready");
    const { order } = await expectJson<Detail>(
      await s.agent.browser.post("/api/orders", {
        contactId: s.contactId,
        currency: "EUR",
        lines: [{ productId: s.products.mug.id, quantity: 1 }],
      }),
      201,
    );
    await inbox.next((f) => f.t === "order" && (f.order as { id: string; status: string }).status === "draft");
    await s.agent.browser.post(`/api/orders/${order.id}/status`, { status: "confirmed" });
    const frame = await inbox.next((f) => f.t === "order" && (f.order as { status: string }).status === "confirmed");
    expect(frame.order).toMatchObject({ id: order.id, number: 1, contactId: s.contactId, totalMinor: 1250, currency: "EUR" });
    inbox.close();
  });

  it("lists with filters and totals, and exports the same as CSV", async () => {
    const s = await shop();
    const create = async (lines: unknown[], status?: string) =>
      (
        await expectJson<Detail>(
          await s.agent.browser.post("/api/orders", { contactId: s.contactId, currency: "EUR", lines, ...(status && { status }) }),
          201,
        )
      ).order;
    await create([{ productId: s.products.mug.id, quantity: 2 }], "confirmed");
    await create([{ productId: s.products.teapot.id, quantity: 1 }]);
    await create([{ name: "Repair", quantity: 1, unitPriceMinor: 1000 }], "confirmed");
    const list = async (q: string) =>
      expectJson<{ orders: { number: number }[]; totals: { currency: string; count: number; totalMinor: number }[] }>(
        await s.agent.browser.get(`/api/orders${q}`),
      );
    expect((await list("")).orders.map((o) => o.number)).toEqual([3, 2, 1]);
    expect((await list("?status=confirmed")).totals).toEqual([{ currency: "EUR", count: 2, totalMinor: 3500 }]);
    expect((await list(`?productId=${s.products.teapot.id}`)).orders.map((o) => o.number)).toEqual([2]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await list(`?from=${today}&to=${today}&contactId=${s.contactId}`)).orders).toHaveLength(3);
    expect((await list("?from=2020-01-01&to=2020-01-02")).orders).toHaveLength(0);
    await expectError(await s.agent.browser.get("/api/orders?from=yesterday"), 400, "invalid_query", "from");
    const csv = await (await s.agent.browser.get("/api/orders/export.csv?status=confirmed")).text();
    const rows = csv.trim().split("\r\n");
    expect(rows[0]).toBe("number,created_at,status,source,contact,items,currency,subtotal,discount,tax,shipping,total");
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatch(/^3,.*,confirmed,agent,Alice Moreno,1 × Repair,EUR,10\.00,0\.00,0\.00,0\.00,10\.00$/);
  });
});
