/**
 * An order's money, in integer minor units: the one computation the server stores and the "New order"
 * form previews live. Pure, no imports, so web/ runs the very same code.
 */

/** Above this a sum of minor units could leave the range where doubles hold integers exactly. */
export const MAX_AMOUNT_MINOR = 100_000_000_000;
export const MAX_QUANTITY = 1_000_000;

export interface LineInput {
  quantity: number;
  unitPriceMinor: number;
}

export interface Adjustments {
  discountMinor: number;
  /** Basis points: 2300 is 23%. */
  taxRateBps: number;
  shippingMinor: number;
}

export interface Totals {
  lineTotals: number[];
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  shippingMinor: number;
  totalMinor: number;
}

/** Half-up rounding of a ratio of non-negative integers, without going through a fraction of a cent. */
function roundDiv(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

export function computeTotals(lines: LineInput[], adj: Adjustments): Totals {
  const lineTotals = lines.map((l) => l.quantity * l.unitPriceMinor);
  const subtotalMinor = lineTotals.reduce((a, b) => a + b, 0);
  // A discount never makes the taxable amount negative.
  const discountMinor = Math.min(adj.discountMinor, subtotalMinor);
  const taxMinor = roundDiv((subtotalMinor - discountMinor) * adj.taxRateBps, 10_000);
  const totalMinor = subtotalMinor - discountMinor + taxMinor + adj.shippingMinor;
  return { lineTotals, subtotalMinor, discountMinor, taxMinor, shippingMinor: adj.shippingMinor, totalMinor };
}

/** How many minor units make one major unit: 2 for EUR, 0 for JPY, 3 for BHD. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * "12.50" → 1250 for EUR, by string arithmetic (no float of cents). Null when the text is not an amount
 * with at most the currency's decimals.
 */
export function parseAmount(text: string, currency: string): number | null {
  const m = /^\s*(\d{1,12})(?:[.,](\d+))?\s*$/.exec(text);
  if (!m) return null;
  const digits = minorDigits(currency);
  const frac = m[2] ?? "";
  if (frac.length > digits) return null;
  return Number(m[1]) * 10 ** digits + Number(frac.padEnd(digits, "0") || "0");
}

/** 1250 → "12.50" for EUR: the plain decimal a CSV or an input field holds. */
export function formatAmount(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  if (!digits) return String(minor);
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const unit = 10 ** digits;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(digits, "0")}`;
}
