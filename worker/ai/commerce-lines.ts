/**
 * The catalog and a customer's orders as prompt lines (`- <title>: <text>`), prices written the way the
 * customer reads them. Pure, so the AI evaluation (scripts/eval/) builds the very same lines.
 */
import type { OrderStatus } from "../../db/tables/commerce";
import { minorDigits } from "../commerce/order-math";

/** A small shop's whole catalog fits; a bigger one sends its first products by name (active first). */
export const MAX_PRODUCTS = 80;
export const MAX_CATALOG_CHARS = 8_000;
/** The customer's latest orders, enough to answer "where is my order" and "the same as last time". */
export const MAX_ORDERS = 5;

export interface CatalogItem {
  name: string;
  sku: string;
  priceMinor: number;
  currency: string;
  unit: string;
  description: string | null;
  active: boolean;
}

export interface OrderFact {
  number: number;
  status: OrderStatus;
  at: number;
  currency: string;
  totalMinor: number;
  items: { name: string; quantity: number }[];
}

export interface CommerceFacts {
  catalog: CatalogItem[];
  orders: OrderFact[];
  /** Counted orders (confirmed and beyond) over the customer's lifetime, for the lead score. */
  pastOrders: number;
}

const LOCALES: Record<string, string> = { pt: "pt-PT", es: "es-ES", en: "en-IE" };

/** 3499 EUR → "34,99 €" in Portuguese and Spanish, "€34.99" in English: the way the customer reads prices. */
export function formatPrice(minor: number, currency: string, language: string): string {
  const digits = minorDigits(currency);
  const major = minor / 10 ** digits;
  try {
    return (
      new Intl.NumberFormat(LOCALES[language] ?? "en-IE", {
        style: "currency",
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      })
        .format(major)
        // Intl puts a no-break space before "€"; customers (and models) type a plain one.
        .replace(/[\u00a0\u202f]/g, " ")
    );
  } catch {
    return `${major.toFixed(digits)} ${currency}`;
  }
}

const oneLine = (s: string, max: number) =>
  s
    .replace(/[\s:]+/g, " ")
    .trim()
    .slice(0, max);

/** `- <name> (<sku>): <price> per <unit>. <description>` per product; titles carry no colon (the line's separator). */
export function catalogLines(items: CatalogItem[], language: string): string[] {
  const lines: string[] = [];
  let chars = 0;
  for (const p of items) {
    const what = p.active
      ? `${formatPrice(p.priceMinor, p.currency, language)} per ${oneLine(p.unit, 20)}, available.`
      : "not available at the moment.";
    const line = `- ${oneLine(p.name, 120)} (${oneLine(p.sku, 40)}): ${what}${p.description ? ` ${oneLine(p.description, 200)}` : ""}`;
    if (chars + line.length > MAX_CATALOG_CHARS) break;
    lines.push(line);
    chars += line.length;
  }
  return lines;
}

export function orderFactLines(list: OrderFact[], language: string): string[] {
  return list.map((o) => {
    const items = o.items.map((i) => `${i.quantity} × ${oneLine(i.name, 80)}`).join(", ");
    const day = new Date(o.at).toISOString().slice(0, 10);
    return `- Order #${o.number} (${day}, ${o.status}): ${items || "no items"}; total ${formatPrice(o.totalMinor, o.currency, language)}.`;
  });
}
