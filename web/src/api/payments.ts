/** /api/payments and orders' payment links: the org's own Stripe account and links sent in chat. */
import type { PaymentLink } from "../../../db/tables/payments";
import type { Message } from "../../../durable/protocol";
import type { ConnectionView } from "../../../worker/payments/types";
import type { PaymentLinkBody } from "../../../worker/schemas/payments";
import { api } from "./client";

export type PublicPaymentLink = Omit<PaymentLink, "orgId" | "accountId" | "clientId">;
export type { ConnectionView };

const id = encodeURIComponent;

export const paymentsApi = {
  connection: () => api.get<{ connection: ConnectionView }>("/api/payments/connection"),
  onboarding: () => api.post<{ url: string }>("/api/payments/connection/onboarding"),
  refresh: () => api.post<{ connection: ConnectionView }>("/api/payments/connection/refresh"),
  disconnect: () => api.delete<{ deleted: true }>("/api/payments/connection"),
  links: (orderId: string) => api.get<{ links: PublicPaymentLink[] }>(`/api/orders/${id(orderId)}/payment-links`),
  sendLink: (orderId: string, body: PaymentLinkBody) =>
    api.post<{ link: PublicPaymentLink; message: Message; conversationId: string; duplicate: boolean }>(
      `/api/orders/${id(orderId)}/payment-links`,
      body,
    ),
};
