/**
 * Tenant isolation for commerce: as org A, read, change and delete org B's products, orders, purchase
 * history and reorders by id. Each is 404 (or leaves B out of a list), and B's rows are exactly as they were.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orderEvents, orderLines, orders, products } from "../../db/tables/commerce";
import { contactCommerceStats, reorderPredictions } from "../../db/tables/purchase-history";
import { orderDailyRollups } from "../../db/tables/rollups";
import { expectError, expectJson } from "../support/api-errors";
import { shop } from "../support/commerce";
import { db } from "../support/parley";

async function commerceState(orgId: string) {
  return {
    products: await db().select().from(products).where(eq(products.orgId, orgId)).all(),
    orders: await db().select().from(orders).where(eq(orders.orgId, orgId)).all(),
    lines: await db().select().from(orderLines).where(eq(orderLines.orgId, orgId)).all(),
    events: await db().select().from(orderEvents).where(eq(orderEvents.orgId, orgId)).all(),
    stats: await db().select().from(contactCommerceStats).where(eq(contactCommerceStats.orgId, orgId)).all(),
    predictions: await db().select().from(reorderPredictions).where(eq(reorderPredictions.orgId, orgId)).all(),
    rollups: await db().select().from(orderDailyRollups).where(eq(orderDailyRollups.orgId, orgId)).all(),
  };
}

describe("as org A, org B's commerce", () => {
  it("products, orders, history and reorders by id are 404, lists leave B out, and nothing changes in B", async () => {
    const a = await shop();
    const b = await shop();
    const { order } = await expectJson<{ order: { id: string } }>(
      await b.agent.browser.post("/api/orders", {
        contactId: b.contactId,
        currency: "EUR",
        lines: [{ productId: b.products.mug.id, quantity: 1 }],
        status: "confirmed",
      }),
      201,
    );
    const before = await commerceState(b.orgId);
    const pid = b.products.mug.id;
    // Agents meet the role check before any lookup: 403 says nothing about B either.
    const attempts: [string, string, unknown, string, agentForbidden?: true][] = [
      ["GET", `/api/products/${pid}`, undefined, "product_not_found"],
      ["PATCH", `/api/products/${pid}`, { priceMinor: 1 }, "product_not_found", true],
      ["DELETE", `/api/products/${pid}`, undefined, "product_not_found", true],
      ["GET", `/api/orders/${order.id}`, undefined, "order_not_found"],
      ["PATCH", `/api/orders/${order.id}`, { notes: "from A" }, "order_not_found"],
      ["POST", `/api/orders/${order.id}/status`, { status: "cancelled" }, "order_not_found"],
      ["GET", `/api/purchase-history/${b.contactId}`, undefined, "contact_not_found"],
      // A's order for B's contact, or with B's product, is refused.
      [
        "POST",
        "/api/orders",
        { contactId: b.contactId, currency: "EUR", lines: [{ name: "x", quantity: 1, unitPriceMinor: 1 }] },
        "contact_not_found",
      ],
    ];
    for (const [method, path, body, code, agentForbidden] of attempts) {
      await expectError(await a.owner.browser.request(method, path, body), 404, code);
      if (agentForbidden) await expectError(await a.agent.browser.request(method, path, body), 403, "forbidden");
      else await expectError(await a.agent.browser.request(method, path, body), 404, code);
    }
    await expectError(
      await a.agent.browser.post("/api/orders", { contactId: a.contactId, currency: "EUR", lines: [{ productId: pid, quantity: 1 }] }),
      422,
      "invalid_order",
      "no such product",
    );

    const lists = await Promise.all(
      ["/api/products", "/api/orders", "/api/reorders?window=all", "/api/products/export.csv", "/api/orders/export.csv"].map(async (p) =>
        (await a.owner.browser.get(p)).text(),
      ),
    );
    for (const text of lists) {
      expect(text).not.toContain(pid);
      expect(text).not.toContain(order.id);
      expect(text).not.toContain(b.contactId);
    }
    // A's import of the same SKUs writes A's catalog, never B's.
    await expectJson(await a.owner.browser.post("/api/products/import", { csv: "sku,name,price,currency\nMUG-BLUE,Hijack,0.01,EUR" }));
    expect(await commerceState(b.orgId)).toEqual(before);
  }, 30_000);
});
