/**
 * Reorder predictions against hand-computed histories (regular, irregular, with quantities, a single
 * order), and purchase history recomputed from a contact's own orders when one changes.
 */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { orders } from "../../db/tables/commerce";
import { recomputeContactHistory } from "../../worker/commerce/purchase-history";
import { DAY_MS, explainPrediction, predictReorder } from "../../worker/commerce/reorder-prediction";
import { expectJson } from "../support/api-errors";
import { shop } from "../support/commerce";
import { db } from "../support/parley";

const T0 = Date.UTC(2026, 0, 1);
const at = (day: number, quantity = 1) => ({ at: T0 + day * DAY_MS, quantity });

describe("predictReorder", () => {
  it("regular cycle: the median gap", () => {
    // Gaps 30, 28, 32 → median 30; next = day 90 + 30.
    const p = predictReorder([at(0), at(30), at(58), at(90)], null, null)!;
    expect(p).toMatchObject({ intervalDays: 30, basis: "contact", basisOrders: 4, nextAt: T0 + 120 * DAY_MS });
    expect(explainPrediction(p)).toBe("every ~30 days, based on 4 orders");
  });

  it("irregular: one late order does not drag the estimate (median, not mean)", () => {
    // Gaps 30, 29, 120, 31 → median 30.5 → 31 days (a mean would say 52.5).
    const p = predictReorder([at(0), at(30), at(59), at(179), at(210)], null, null)!;
    expect(p.intervalDays).toBe(31);
    expect(p.nextAt).toBe(T0 + 241 * DAY_MS);
    // The outlier costs confidence against a steady history of the same length.
    const steady = predictReorder([at(0), at(30), at(60), at(90), at(120)], null, null)!;
    expect(p.confidence).toBeLessThan(steady.confidence);
    expect(steady.confidence).toBe(100);
  });

  it("scales by quantity: a gap is divided by what was bought at its start, the estimate times the last quantity", () => {
    // Bought 2 on day 0 and it lasted 60 days (30/unit); 1 on day 60 lasting 30 (30/unit); then 3 on day 90.
    const p = predictReorder([at(0, 2), at(60, 1), at(90, 3)], null, null)!;
    expect(p).toMatchObject({ intervalDays: 90, nextAt: T0 + 180 * DAY_MS, basis: "contact" });
  });

  it("two lines on the same day are one purchase, not a zero-day cycle", () => {
    const p = predictReorder([at(0), { at: T0 + 3_600_000, quantity: 1 }, at(40, 2)], null, null)!;
    // Day 0: 2 units lasting 40 days → 20/unit; last purchase 2 units → 40 days.
    expect(p).toMatchObject({ intervalDays: 40, basisOrders: 2 });
  });

  it("a single order: the product's interval, else the org-wide median, else nothing", () => {
    const product = predictReorder([at(10, 2)], 21, { perUnitDays: 99, contacts: 5 })!;
    expect(product).toMatchObject({ intervalDays: 42, basis: "product", nextAt: T0 + 52 * DAY_MS });
    expect(explainPrediction(product)).toBe("every ~42 days, the product's usual interval (one order so far)");
    const org = predictReorder([at(10)], null, { perUnitDays: 25, contacts: 3 })!;
    expect(org).toMatchObject({ intervalDays: 25, basis: "org", basisOrders: 3 });
    expect(explainPrediction(org)).toBe("every ~25 days, the median of 3 other customers (one order so far)");
    expect(predictReorder([at(10)], null, null)).toBeNull();
    expect(predictReorder([], 30, null)).toBeNull();
  });
});

describe("purchase history", () => {
  it("follows a contact's counted orders: stats, products, prediction, and the due list", async () => {
    const s = await shop();
    const place = async (day: number, quantity: number) => {
      const d = await expectJson<{ order: { id: string } }>(
        await s.agent.browser.post("/api/orders", {
          contactId: s.contactId,
          currency: "EUR",
          lines: [{ productId: s.products.teapot.id, quantity }],
          status: "confirmed",
        }),
        201,
      );
      await db()
        .update(orders)
        .set({ placedAt: T0 + day * DAY_MS })
        .where(eq(orders.id, d.order.id));
      return d.order.id;
    };
    await place(0, 1);
    await place(20, 1);
    const last = await place(45, 1);
    await recomputeContactHistory(drizzle(env.DB), s.orgId, s.contactId);
    type History = {
      stats: { orderCount: number; lifetimeMinor: number; averageOrderMinor: number; firstOrderAt: number; lastOrderAt: number }[];
      products: { productId: string; quantity: number; orderCount: number }[];
      predictions: { productId: string; intervalDays: number; nextAt: number; explanation: string }[];
    };
    const h = await expectJson<History>(await s.agent.browser.get(`/api/purchase-history/${s.contactId}`));
    expect(h.stats).toEqual([
      expect.objectContaining({
        orderCount: 3,
        lifetimeMinor: 3 * 3499,
        averageOrderMinor: 3499,
        firstOrderAt: T0,
        lastOrderAt: T0 + 45 * DAY_MS,
      }),
    ]);
    expect(h.products).toEqual([expect.objectContaining({ productId: s.products.teapot.id, quantity: 3, orderCount: 3 })]);
    // Gaps 20 and 25 → median 22.5 → 23 days after day 45.
    expect(h.predictions).toEqual([
      expect.objectContaining({ intervalDays: 23, nextAt: T0 + 68 * DAY_MS, explanation: "every ~23 days, based on 3 orders" }),
    ]);

    // Refunding the last order takes it out at once (recomputed on the status change).
    await s.agent.browser.post(`/api/orders/${last}/status`, { status: "cancelled" });
    const after = await expectJson<History>(await s.agent.browser.get(`/api/purchase-history/${s.contactId}`));
    expect(after.stats[0]).toMatchObject({ orderCount: 2, lifetimeMinor: 2 * 3499 });
    expect(after.predictions[0]).toMatchObject({ intervalDays: 20, nextAt: T0 + 40 * DAY_MS });

    // It is overdue now, so it shows in the due list with its conversation to message from.
    const due = await expectJson<{ due: { contactId: string; productName: string; overdue: boolean; conversationId: string }[] }>(
      await s.agent.browser.get("/api/reorders?window=overdue"),
    );
    expect(due.due).toEqual([
      expect.objectContaining({ contactId: s.contactId, productName: "Teapot", overdue: true, conversationId: s.conversationId }),
    ]);
  }, 30_000);
});
