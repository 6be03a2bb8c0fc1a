/** Request bodies for billing. */
import { z } from "zod/mini";
import { billingIntervals, currencies } from "../billing/plans";

export const checkoutBody = z.strictObject({
  plan: z.enum(["growth", "business"]),
  interval: z.enum(billingIntervals),
  currency: z.enum(currencies),
});

export type CheckoutBody = z.infer<typeof checkoutBody>;
