/** The owner's billing summary, shared by the Billing page and the banner every other page shows. */
import { signal } from "@preact/signals";
import { type BillingSummary, billingApi } from "../api/billing";

export const billingSummary = signal<BillingSummary | null>(null);

export async function refreshBilling(): Promise<BillingSummary> {
  const { billing } = await billingApi.summary();
  billingSummary.value = billing;
  return billing;
}
