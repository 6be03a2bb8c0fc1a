/** /api/billing: plan, standing and usage (owners), plan changes through Stripe, invoices. */
import type { z } from "zod";
import type { PlanLimits, Plan } from "../../../worker/billing/plans";
import type { checkoutBody } from "../../../worker/schemas/billing";
import { api } from "./client";

export interface BillingSummary {
  plan: Plan["id"];
  standing: "trialing" | "active" | "grace" | "restricted";
  trialEndsAt: number | null;
  graceEndsAt: number | null;
  interval: "month" | "year" | null;
  currency: string | null;
  currentPeriodEnd: number | null;
  cancelAtPeriodEnd: boolean;
  hasSubscription: boolean;
  hasCustomer: boolean;
  limits: PlanLimits;
  usage: {
    seats: number;
    numbers: number;
    contacts: number;
    broadcastRecipientsPerMonth: number;
    automationRules: number;
    aiBudgetCentsPerMonth: number;
  };
}

export interface Invoice {
  id: string;
  number: string | null;
  status: string | null;
  currency: string;
  amountDue: number;
  amountPaid: number;
  createdAt: number;
  url: string | null;
}

export const billingApi = {
  summary: () => api.get<{ billing: BillingSummary }>("/api/billing"),
  checkout: (body: z.output<typeof checkoutBody>) => api.post<{ url: string | null; changed: boolean }>("/api/billing/checkout", body),
  portal: () => api.post<{ url: string }>("/api/billing/portal"),
  invoices: () => api.get<{ invoices: Invoice[] }>("/api/billing/invoices"),
  chooseFree: () => api.post<{ plan: "free" }>("/api/billing/free"),
};
