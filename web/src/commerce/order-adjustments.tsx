/**
 * Discount, tax rate and shipping as an agent types them (decimals in the order's currency, tax in
 * percent), turned into the integer minor units and basis points the API takes, by string arithmetic
 * (never floats). The new-order form and a draft's editor share it, so both read amounts the same way.
 */
import { useState } from "preact/hooks";
import { formatAmount, parseAmount } from "../../../worker/commerce/order-math";
import { Alert } from "../components/alert";

export interface Adjustments {
  discountMinor: number;
  shippingMinor: number;
  taxRateBps: number;
}

const shown = (minor: number, currency: string) => (minor ? formatAmount(minor, currency) : "");

export function useAdjustments(currency: string, initial?: Adjustments) {
  const [discount, setDiscount] = useState(() => shown(initial?.discountMinor ?? 0, currency));
  const [shipping, setShipping] = useState(() => shown(initial?.shippingMinor ?? 0, currency));
  // Basis points shown as a percent with two decimals: the EUR rule of two minor digits does exactly that.
  const [taxPercent, setTaxPercent] = useState(() => shown(initial?.taxRateBps ?? 0, "EUR"));
  const discountMinor = discount ? parseAmount(discount, currency) : 0;
  const shippingMinor = shipping ? parseAmount(shipping, currency) : 0;
  const taxRateBps = taxPercent ? parseAmount(taxPercent, "EUR") : 0;
  const invalid = discountMinor === null || shippingMinor === null || taxRateBps === null || taxRateBps > 10_000;
  const values: Adjustments = { discountMinor: discountMinor ?? 0, shippingMinor: shippingMinor ?? 0, taxRateBps: taxRateBps ?? 0 };
  return { currency, discount, setDiscount, shipping, setShipping, taxPercent, setTaxPercent, invalid, values };
}

export function AdjustmentFields({ adj }: { adj: ReturnType<typeof useAdjustments> }) {
  const field = (label: string, value: string, set: (v: string) => void) => (
    <label class="field">
      <span class="field-label">{label}</span>
      <input class="input input-sm" inputMode="decimal" value={value} onInput={(e) => set(e.currentTarget.value)} placeholder="0" />
    </label>
  );
  return (
    <>
      <div class="order-adjust">
        {field(`Discount (${adj.currency})`, adj.discount, adj.setDiscount)}
        {field("Tax %", adj.taxPercent, adj.setTaxPercent)}
        {field(`Shipping (${adj.currency})`, adj.shipping, adj.setShipping)}
      </div>
      {adj.invalid && (
        <Alert>
          Amounts are numbers with at most {formatAmount(1, adj.currency).split(".")[1]?.length ?? 0} decimals; tax at most 100%.
        </Alert>
      )}
    </>
  );
}
