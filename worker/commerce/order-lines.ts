/**
 * Order lines from a request: products resolved in the caller's org, currency checked against the
 * order's, free-text lines completed, totals computed. Every refusal is a 422 naming the line.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type OrderLine, products } from "../../db/tables/commerce";
import { AppError } from "../errors";
import type { OrderLineBody } from "../schemas/commerce";
import { type Adjustments, computeTotals, MAX_AMOUNT_MINOR, type Totals } from "./order-math";

export type NewLine = Omit<OrderLine, "id" | "orderId" | "orgId" | "position">;

const invalid = (message: string) => new AppError(422, "invalid_order", message);

export async function resolveLines(db: Db, orgId: string, currency: string, body: OrderLineBody[]): Promise<NewLine[]> {
  const ids = [...new Set(body.flatMap((l) => (l.productId ? [l.productId] : [])))];
  const found = ids.length
    ? await db
        .select()
        .from(products)
        .where(and(eq(products.orgId, orgId), inArray(products.id, ids)))
        .all()
    : [];
  const byId = new Map(found.map((p) => [p.id, p]));
  return body.map((l, i) => {
    const field = `lines.${i}`;
    if (l.productId) {
      const p = byId.get(l.productId);
      if (!p) throw invalid(`${field}.productId: no such product in your organization.`);
      if (p.currency !== currency)
        throw new AppError(422, "currency_mismatch", `${field}: ${p.name} is priced in ${p.currency}; this order is in ${currency}.`);
      const unitPriceMinor = l.unitPriceMinor ?? p.priceMinor;
      return {
        productId: p.id,
        sku: p.sku,
        name: l.name ?? p.name,
        quantity: l.quantity,
        unitPriceMinor,
        lineTotalMinor: l.quantity * unitPriceMinor,
      };
    }
    if (!l.name) throw invalid(`${field}.name: a line without a product needs a name.`);
    if (l.unitPriceMinor === undefined) throw invalid(`${field}.unitPriceMinor: a line without a product needs a price.`);
    return {
      productId: null,
      sku: null,
      name: l.name,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      lineTotalMinor: l.quantity * l.unitPriceMinor,
    };
  });
}

/** Totals for lines and adjustments, refusing a total past what minor units can safely hold. */
export function totalsOf(lines: NewLine[], adj: Adjustments): Totals {
  const totals = computeTotals(lines, adj);
  if (totals.lineTotals.some((t) => t > MAX_AMOUNT_MINOR) || totals.totalMinor > MAX_AMOUNT_MINOR)
    throw invalid("The order's total is too large.");
  return totals;
}
