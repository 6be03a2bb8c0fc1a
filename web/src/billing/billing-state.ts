/** The owner's billing summary, shared by the Billing page and the banner every other page shows. */
import { signal } from "@preact/signals";
import { type BillingSummary, billingApi } from "../api/billing";

export const billingSummary = signal<BillingSummary | null>(null);

export async function refreshBilling(): Promise<BillingSummary> {
  const { billing } = await billingApi.summary();
  billingSummary.value = billing;
  return billing;
}

/**
 * A `billing` frame (a Stripe event was applied, or the plan changed): owners read the summary again, so
 * the banner and the Billing page follow a payment made in another tab or by Stripe itself.
 */
export function noteBillingChange(isOwner: boolean): void {
  if (isOwner) refreshBilling().catch(() => undefined);
}
