/**
 * A customer's WhatsApp catalog order becomes a draft sales order: lines mapped to products by Meta's
 * `product_retailer_id`, unmapped items kept as free-text lines at the price the customer saw. One draft
 * per message wamid (a unique index), so Meta's retries and replays create nothing twice.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { runBatch } from "../../db/raw-batch";
import { type Order, orders, products } from "../../db/tables/commerce";
import type { InboundMessage } from "../../durable/room-api";
import type { NewLine } from "./order-lines";
import { insertDraftStatements, lastDeliveryAddress } from "./orders";

export interface WhatsAppOrderTarget {
  orgId: string;
  contactId: string;
  conversationId: string;
}

export const isOrderMessage = (m: InboundMessage) => m.content.type === "order";

/** Creates the drafts not created before; returns the new ones (empty for a replay). */
export async function draftWhatsAppOrders(db: Db, target: WhatsAppOrderTarget, messages: InboundMessage[]): Promise<Order[]> {
  const { orgId, contactId, conversationId } = target;
  const contents = messages.flatMap((m) => (m.content.type === "order" ? [{ wamid: m.wamid, order: m.content }] : []));
  if (!contents.length) return [];
  const retailerIds = [...new Set(contents.flatMap((c) => c.order.items.map((i) => i.productRetailerId)))];
  const [mapped, address] = await Promise.all([
    retailerIds.length
      ? db
          .select()
          .from(products)
          .where(and(eq(products.orgId, orgId), inArray(products.retailerId, retailerIds)))
          .all()
      : [],
    lastDeliveryAddress(db, orgId, contactId),
  ]);
  const byRetailerId = new Map(mapped.map((p) => [p.retailerId, p]));
  const now = Date.now();
  const built = contents.map(({ wamid, order }) => {
    const lines: NewLine[] = order.items
      .filter((i) => i.quantity > 0)
      .map((i) => {
        const p = byRetailerId.get(i.productRetailerId);
        return {
          productId: p?.id ?? null,
          sku: p?.sku ?? i.productRetailerId,
          name: p?.name ?? `Catalog item ${i.productRetailerId}`,
          quantity: i.quantity,
          unitPriceMinor: i.itemPriceMinor,
          lineTotalMinor: i.quantity * i.itemPriceMinor,
        };
      });
    const currency = order.currency ?? order.items[0]?.currency ?? "EUR";
    const notes = [order.text, order.currency ? null : "Items came in more than one currency: check the prices."]
      .filter(Boolean)
      .join("\n");
    return insertDraftStatements(
      db,
      {
        orgId,
        contactId,
        conversationId,
        currency,
        source: "whatsapp",
        createdBy: null,
        lines,
        discountMinor: 0,
        taxRateBps: 0,
        shippingMinor: 0,
        deliveryAddress: address,
        notes: notes || null,
        sourceWamid: wamid,
      },
      now,
    );
  });
  const statements = built.flatMap((b) => b.statements);
  const results = await runBatch(db, statements);
  const created: string[] = [];
  let at = 0;
  for (const b of built) {
    if (results[at]!.meta.changes) created.push(b.id);
    at += b.statements.length;
  }
  if (!created.length) return [];
  return db
    .select()
    .from(orders)
    .where(and(eq(orders.orgId, orgId), inArray(orders.id, created)))
    .all();
}
