/**
 * A WhatsApp catalog order becomes one draft sales order: lines mapped by retailer id, unmapped ones kept
 * as free text, pushed live to the org's agents; replaying the webhook creates nothing more.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orderLines, orders } from "../../db/tables/commerce";
import { messageHourlyRollups } from "../../db/tables/rollups";
import { expectJson } from "../support/api-errors";
import { addProduct } from "../support/commerce";
import { socket, workspace } from "../support/live";
import { BOB, conversationOf, db, fixtureWamid } from "../support/parley";

describe("WhatsApp catalog orders", () => {
  it("create one draft per message, mapped by retailer id, live, whatever the replays", async () => {
    const ws = await workspace();
    const mug = await addProduct(ws.owner, {
      sku: "MUG-BLUE",
      name: "Blue mug",
      priceMinor: 1300,
      currency: "EUR",
      retailerId: "SKU-MUG-BLUE",
    });
    const inbox = await socket(ws.owner, "/api/live/inbox");
    await inbox.next((f) => f.t === "ready");

    expect((await ws.post("msg_20_order")).status).toBe(200);
    const frame = await inbox.next((f) => f.t === "order");
    const conv = await conversationOf(ws.orgId, BOB.waId);
    const wamid = fixtureWamid("msg_20_order", "messages");
    expect(frame.order).toMatchObject({
      status: "draft",
      source: "whatsapp",
      sourceWamid: wamid,
      conversationId: conv.id,
      contactId: conv.contactId,
      totalMinor: 5999,
      currency: "EUR",
    });

    // Meta retries the same POST, and again later inside another batch.
    expect((await ws.post("msg_20_order")).status).toBe(200);
    expect((await ws.post("msg_20_order")).status).toBe(200);
    const stored = await db().select().from(orders).where(eq(orders.orgId, ws.orgId)).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ number: 1, notes: "Please deliver after 6pm", subtotalMinor: 5999, source: "whatsapp" });
    const lines = await db().select().from(orderLines).where(eq(orderLines.orderId, stored[0]!.id)).all();
    // The price the customer saw in WhatsApp, not today's catalog price.
    expect(lines.map((l) => [l.productId, l.name, l.quantity, l.unitPriceMinor])).toEqual([
      [mug.id, "Blue mug", 2, 1250],
      [null, "Catalog item SKU-TEAPOT-01", 1, 3499],
    ]);
    // The message counted once in the dashboard's rollup too.
    const [rollup] = await db().select().from(messageHourlyRollups).where(eq(messageHourlyRollups.orgId, ws.orgId)).all();
    expect(rollup).toMatchObject({ inbound: 1, outbound: 0, phoneNumberId: ws.phoneNumberId });
    // One order frame in all: replays publish nothing.
    expect(inbox.frames.filter((f) => f.t === "order")).toHaveLength(1);

    // The agent confirms it from the card.
    const confirmed = await expectJson<{ order: { status: string } }>(
      await ws.owner.browser.post(`/api/orders/${stored[0]!.id}/status`, { status: "confirmed" }),
    );
    expect(confirmed.order.status).toBe("confirmed");
    const history = await expectJson<{ stats: { lifetimeMinor: number; orderCount: number }[] }>(
      await ws.owner.browser.get(`/api/purchase-history/${conv.contactId}`),
    );
    expect(history.stats).toEqual([expect.objectContaining({ currency: "EUR", orderCount: 1, lifetimeMinor: 5999 })]);
    inbox.close();
  }, 30_000);
});
