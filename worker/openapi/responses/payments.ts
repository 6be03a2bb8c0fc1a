/** Response schemas of payments: the org's connected Stripe account and the payment links of orders. */
import { createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { paymentLinks } from "../../../db/tables/payments";
import type { ConnectionView, ConnectOutcome } from "../../payments/types";
import type { Assert, Same } from "./assert";
import { messageOut } from "./inbox";

const connection = z.strictObject({
  connected: z.boolean(),
  accountId: z.string().nullable().describe("The connected account, acct_…"),
  chargesEnabled: z.boolean().describe("Stripe lets the account take card payments: links can be sent"),
  detailsSubmitted: z.boolean(),
  requirements: z.array(z.string()).describe("What Stripe still needs from the business"),
  displayName: z.string().nullable(),
  updatedAt: z.int().nullable(),
});
export type _ConnectionMatches = Assert<Same<z.output<typeof connection>, ConnectionView>>;

export const connectionOut = z.strictObject({ connection });
export const onboardingOut = z.strictObject({ url: z.string().describe("Stripe's onboarding page; single use, expires in minutes") });

const linkOut = createSelectSchema(paymentLinks).omit({ orgId: true, accountId: true, clientId: true }).strict();
export const linkListOut = z.strictObject({ links: z.array(linkOut) });
export const linkSentOut = z.strictObject({ link: linkOut, message: messageOut, conversationId: z.string(), duplicate: z.boolean() });

const outcomes = ["account_updated", "paid", "expired", "refunded", "partially_refunded", "duplicate", "ignored"] as const;
export type _OutcomeMatches = Assert<Same<(typeof outcomes)[number], ConnectOutcome>>;
export const connectAckOut = z.strictObject({ received: z.literal(true), outcome: z.enum(outcomes) });
