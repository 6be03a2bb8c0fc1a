/** Response schemas of billing, data exports, erasure and termination. */
import { createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { dataExports, dataRestores } from "../../../db/tables/data";
import { billingIntervals, currencies, planIds, type Plan } from "../../billing/plans";
import type { Assert, Same } from "./assert";
import { ms } from "./common";

const limit = z.int().nullable().describe("null: unlimited");
const limits = z.strictObject({
  seats: limit,
  numbers: limit,
  contacts: limit,
  broadcastRecipientsPerMonth: limit,
  automationRules: limit,
  aiBudgetCentsPerMonth: limit,
  retentionDays: z.int(),
});
const prices = z.strictObject({ eur: z.int(), usd: z.int(), gbp: z.int() }).describe("Minor units (cents)");
const planOut = z.strictObject({
  id: z.enum(planIds),
  name: z.string(),
  tagline: z.string(),
  prices: z.strictObject({ month: prices, year: prices }),
  limits,
});
export type _PlanMatches = Assert<Same<z.output<typeof planOut>, Plan>>;

export const plansOut = z.strictObject({ plans: z.array(planOut) });
export const billingOut = z.strictObject({
  billing: z.strictObject({
    plan: z.enum(planIds),
    standing: z.enum(["trialing", "active", "grace", "restricted"]),
    trialEndsAt: ms.nullable(),
    graceEndsAt: ms.nullable(),
    interval: z.enum(billingIntervals).nullable(),
    currency: z.enum(currencies).nullable().describe("null until a subscription chooses one"),
    currentPeriodEnd: ms.nullable(),
    cancelAtPeriodEnd: z.boolean(),
    hasSubscription: z.boolean(),
    hasCustomer: z.boolean(),
    limits,
    usage: z.strictObject({
      seats: z.int(),
      numbers: z.int(),
      contacts: z.int(),
      broadcastRecipientsPerMonth: z.int().describe("recipients of campaigns started this calendar month (UTC)"),
      automationRules: z.int().describe("automation rules, on or off"),
      aiBudgetCentsPerMonth: z.int().describe("AI spend this calendar month, in whole US cents"),
    }),
  }),
});
export const checkoutOut = z.strictObject({
  url: z.string().nullable().describe("Stripe Checkout to open; null when the existing subscription was changed"),
  changed: z.boolean(),
});
export const urlOut = z.strictObject({ url: z.string() });
export const invoicesOut = z.strictObject({
  invoices: z.array(
    z.strictObject({
      id: z.string(),
      number: z.string().nullable(),
      status: z.string().nullable(),
      currency: z.string(),
      amountDue: z.int(),
      amountPaid: z.int(),
      createdAt: ms,
      url: z.string().nullable(),
    }),
  ),
});
export const freePlanOut = z.strictObject({ plan: z.literal("free") });

const exportOut = createSelectSchema(dataExports)
  .pick({
    id: true,
    kind: true,
    status: true,
    phase: true,
    doneRows: true,
    totalRows: true,
    bytes: true,
    error: true,
    createdAt: true,
    finishedAt: true,
    expiresAt: true,
  })
  .strict();
export const exportsOut = z.strictObject({ exports: z.array(exportOut) });
export const exportOneOut = z.strictObject({ export: exportOut });
export const linkOut = z.strictObject({ url: z.string(), expiresAt: ms });
export const erasedOut = z.strictObject({ erased: z.literal(true), messages: z.int().describe("Messages erased from the rooms") });
export const terminatedOut = z.strictObject({ terminated: z.literal(true), purgeAfter: ms });
export const cancelledOut = z.strictObject({ cancelled: z.literal(true) });

const restoreOut = createSelectSchema(dataRestores, {
  report: z
    .strictObject({
      members: z.array(z.strictObject({ email: z.string(), name: z.string(), role: z.string() })),
      numbers: z.array(z.strictObject({ phoneNumberId: z.string(), displayPhoneNumber: z.string() })),
    })
    .nullable()
    .describe("What the archive held that is not restored as it was: its members (invite them) and numbers (reconnect them)"),
})
  .pick({
    id: true,
    status: true,
    phase: true,
    doneRows: true,
    totalRows: true,
    bytes: true,
    sourceOrgId: true,
    sourceCreatedAt: true,
    report: true,
    error: true,
    createdAt: true,
    finishedAt: true,
  })
  .strict();
export const restoresOut = z.strictObject({ restores: z.array(restoreOut) });
export const restoreOneOut = z.strictObject({ restore: restoreOut });
