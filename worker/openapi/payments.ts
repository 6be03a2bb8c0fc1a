/** The payments API as documentation: the org's connected Stripe account, payment links of orders, Connect's webhook. */
import { paymentLinkBody } from "../schemas/payments";
import type { RouteDoc } from "./routes";
import * as P from "./responses/payments";
import { deletedOut } from "./responses/accounts";

export const paymentRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/api/payments/connection",
    operationId: "getPaymentConnection",
    response: P.connectionOut,
    errors: [],
    tag: "Payments",
    summary: "Whether the organization's own Stripe account is connected and can take card payments (then agents can send payment links).",
  },
  {
    method: "post",
    path: "/api/payments/connection/onboarding",
    operationId: "startPaymentOnboarding",
    response: P.onboardingOut,
    errors: ["502 stripe_unreachable"],
    tag: "Payments",
    summary:
      "Creates the organization's Stripe account on Parley's platform (Stripe Connect, once) and answers the URL of Stripe's onboarding, which returns to Settings.",
    auth: "owner",
  },
  {
    method: "post",
    path: "/api/payments/connection/refresh",
    operationId: "refreshPaymentConnection",
    response: P.connectionOut,
    errors: ["502 stripe_unreachable"],
    tag: "Payments",
    summary: "Reads the account's state from Stripe now (after onboarding) instead of waiting for its webhook.",
    auth: "owner",
  },
  {
    method: "delete",
    path: "/api/payments/connection",
    operationId: "disconnectPayments",
    response: deletedOut,
    errors: ["404 stripe_not_connected"],
    tag: "Payments",
    summary:
      "Parley stops sending links on the account (the Stripe account stays the business's); links already sent still mark orders paid.",
    auth: "owner",
  },
  {
    method: "get",
    path: "/api/orders/{id}/payment-links",
    operationId: "listOrderPaymentLinks",
    response: P.linkListOut,
    errors: ["404 order_not_found"],
    tag: "Payments",
    summary: "The order's payment links, newest first: open, paid, expired or refunded, with the amount refunded.",
  },
  {
    method: "post",
    path: "/api/orders/{id}/payment-links",
    operationId: "sendOrderPaymentLink",
    response: P.linkSentOut,
    status: [201, 200],
    errors: [
      "400 template_params",
      "404 order_not_found",
      "404 template_not_found",
      "409 client_id_reused",
      "409 no_conversation",
      "409 order_not_payable",
      "409 stripe_not_connected",
      "409 stripe_not_ready",
      "422 order_total_zero",
      "422 template_not_approved",
      "422 window_closed",
      "502 stripe_no_url",
      "502 stripe_unreachable",
    ],
    tag: "Payments",
    summary:
      "Sends a link to pay a confirmed order's total by card (a Stripe Checkout Session on the org's account, valid 24 hours) in the customer's chat: text while the window is open; after it only with `template` ({{1}} first name, {{2}} order number, {{3}} total, {{4}} the link). An open link for the same total is reused; one for an older total is expired. Paid, expired and refunded come back through Stripe's webhook and show live.",
    body: paymentLinkBody,
  },
  {
    method: "post",
    path: "/webhooks/stripe-connect",
    operationId: "receiveStripeConnectWebhook",
    response: P.connectAckOut,
    errors: ["400 signature_expired", "400 signature_invalid", "400 signature_missing"],
    tag: "Webhooks",
    summary:
      "Stripe's Connect endpoint (events of organizations' own accounts), verified on the raw body with its own secret: account.updated, checkout.session.completed / expired, charge.refunded; duplicates and any order of arrival end in the same state.",
    auth: "signature",
  },
];
