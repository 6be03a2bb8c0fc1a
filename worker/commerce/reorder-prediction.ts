/**
 * When will a customer need a product again? Pure, so it is tested against hand-computed histories.
 *
 * - With ≥ 2 purchases: each gap between purchases is divided by the quantity bought at its start (days
 *   one unit lasted this customer); the median of those, times the quantity of the last purchase, is
 *   the expected gap. A median shrugs off the odd late order that a mean would chase.
 * - Otherwise the product's own interval (per unit, as the business knows it), times the last quantity.
 * - Otherwise the org-wide median of other customers' per-unit intervals for the product.
 * - Otherwise no prediction.
 */
import type { PredictionBasis, Purchase } from "../../db/tables/purchase-history";

export const DAY_MS = 86_400_000;

export interface OrgMedian {
  perUnitDays: number;
  /** How many customers' own intervals it is the median of. */
  contacts: number;
}

export interface Prediction {
  intervalDays: number;
  nextAt: number;
  basis: PredictionBasis;
  basisOrders: number;
  confidence: number;
  lastAt: number;
  /** The customer's own per-unit median in days, when they have one. */
  ownPerUnitDays: number | null;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Purchases on the same day are one purchase (two lines or two orders at once are not a 0-day cycle). */
export function mergeSameDay(purchases: Purchase[]): Purchase[] {
  const out: Purchase[] = [];
  for (const p of [...purchases].sort((a, b) => a.at - b.at)) {
    const last = out.at(-1);
    if (last && p.at - last.at < DAY_MS) last.quantity += p.quantity;
    else out.push({ ...p });
  }
  return out;
}

export function ownPerUnitDays(purchases: Purchase[]): number | null {
  const p = mergeSameDay(purchases);
  if (p.length < 2) return null;
  const perUnit = p.slice(1).map((cur, i) => (cur.at - p[i]!.at) / DAY_MS / Math.max(1, p[i]!.quantity));
  return median(perUnit);
}

export function predictReorder(purchases: Purchase[], productIntervalDays: number | null, org: OrgMedian | null): Prediction | null {
  const p = mergeSameDay(purchases);
  const last = p.at(-1);
  if (!last) return null;
  const lastQty = Math.max(1, last.quantity);
  const own = ownPerUnitDays(p);
  let perUnit: number;
  let basis: PredictionBasis;
  let basisOrders: number;
  let confidence: number;
  if (own !== null) {
    perUnit = own;
    basis = "contact";
    basisOrders = p.length;
    const perUnitGaps = p.slice(1).map((cur, i) => (cur.at - p[i]!.at) / DAY_MS / Math.max(1, p[i]!.quantity));
    // Steadier cycles and more of them earn trust: median absolute deviation relative to the median.
    const spread = own > 0 ? median(perUnitGaps.map((g) => Math.abs(g - own))) / own : 1;
    confidence = Math.round(100 * Math.min(1, perUnitGaps.length / 4) * Math.max(0.2, 1 - spread));
  } else if (productIntervalDays) {
    perUnit = productIntervalDays;
    basis = "product";
    basisOrders = 1;
    confidence = 40;
  } else if (org && org.contacts > 0) {
    perUnit = org.perUnitDays;
    basis = "org";
    basisOrders = org.contacts;
    confidence = Math.min(35, 10 + 5 * org.contacts);
  } else return null;
  const intervalDays = Math.max(1, Math.round(perUnit * lastQty));
  return { intervalDays, nextAt: last.at + intervalDays * DAY_MS, basis, basisOrders, confidence, lastAt: last.at, ownPerUnitDays: own };
}

/** "every ~28 days, based on 5 orders": what the UI shows beside a prediction. */
export function explainPrediction(p: { intervalDays: number; basis: PredictionBasis; basisOrders: number }): string {
  const every = `every ~${p.intervalDays} day${p.intervalDays === 1 ? "" : "s"}`;
  if (p.basis === "contact") return `${every}, based on ${p.basisOrders} orders`;
  if (p.basis === "product") return `${every}, the product's usual interval (one order so far)`;
  return `${every}, the median of ${p.basisOrders} other customer${p.basisOrders === 1 ? "" : "s"} (one order so far)`;
}
