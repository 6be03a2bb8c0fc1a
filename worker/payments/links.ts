/**
 * Payment links for orders: a Checkout Session on the org's connected Stripe account for the order's
 * total, sent in the customer's chat (text inside the 24-hour window, an approved template after it).
 * One open link per order and amount: sending again reuses it while it has hours left, and a link for
 * an older amount is expired at Stripe so the customer cannot pay a stale total.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import type { Order } from "../../db/tables/commerce";
import { paymentLinks, type PaymentLink } from "../../db/tables/payments";
import type { Message } from "../../durable/protocol";
import { windowOpen } from "../../durable/projection/conversation-summary";
import type { AppEnv } from "../app-env";
import { auditEntry } from "../audit/audit-log";
import { stripeClient } from "../billing/stripe-client";
import { conversationFor } from "../commerce/order-message";
import { getOrder, orderDetail } from "../commerce/orders";
import { AppError } from "../errors";
import { sendMessage } from "../inbox/send-message";
import type { PaymentLinkBody } from "../schemas/payments";
import { connectionOf, stripeUnreachable } from "./connect";
import { LINK_LIFETIME_MS, paymentLinkTemplateParams, paymentLinkText } from "./link-text";
import { touchOrder } from "./order-payment";

/** A link with less than this left is replaced rather than sent again. */
const REUSE_MIN_LEFT_MS = 3600 * 1000;

export type PublicPaymentLink = Omit<PaymentLink, "orgId" | "accountId" | "clientId">;
export const publicLink = ({ orgId: _o, accountId: _a, clientId: _c, ...link }: PaymentLink): PublicPaymentLink => link;

export async function linksOfOrder(db: Db, orgId: string, orderId: string): Promise<PaymentLink[]> {
  await getOrder(db, orgId, orderId);
  return db
    .select()
    .from(paymentLinks)
    .where(and(eq(paymentLinks.orgId, orgId), eq(paymentLinks.orderId, orderId)))
    .orderBy(desc(paymentLinks.createdAt))
    .all();
}

function refusePayment(order: Order): void {
  if (order.status === "confirmed") {
    if (order.totalMinor < 1) throw new AppError(422, "order_total_zero", "The order's total is zero: there is nothing to pay.");
    return;
  }
  const why =
    order.status === "draft"
      ? "Confirm the order before asking for payment."
      : order.status === "paid" || order.status === "shipped" || order.status === "delivered"
        ? `Order #${order.number} is already ${order.status}.`
        : `A ${order.status} order cannot be paid.`;
  throw new AppError(409, "order_not_payable", why);
}

async function readyAccount(db: Db, orgId: string): Promise<string> {
  const connection = await connectionOf(db, orgId);
  if (!connection)
    throw new AppError(409, "stripe_not_connected", "Connect your Stripe account in Settings → Payments to send payment links.");
  if (!connection.chargesEnabled)
    throw new AppError(
      409,
      "stripe_not_ready",
      "Stripe has not enabled payments on your account yet: finish its setup in Settings → Payments.",
    );
  return connection.accountId;
}

/** An open link for this exact total with time left, else a new one (older open ones are expired at Stripe). */
async function linkFor(c: Context<AppEnv>, db: Db, order: Order, accountId: string, clientId: string, conversationId: string) {
  const now = Date.now();
  const open = await db
    .select()
    .from(paymentLinks)
    .where(and(eq(paymentLinks.orgId, order.orgId), eq(paymentLinks.orderId, order.id), eq(paymentLinks.status, "open")))
    .all();
  const reusable = open.find(
    (l) =>
      l.accountId === accountId &&
      l.amountMinor === order.totalMinor &&
      l.currency === order.currency &&
      l.expiresAt - now > REUSE_MIN_LEFT_MS,
  );
  if (reusable) return reusable;
  const stripe = stripeClient(c.env);
  for (const stale of open) {
    // Best effort: a session Stripe already closed is fine; the webhook keeps the row honest either way.
    await stripe.checkout.sessions.expire(stale.sessionId, {}, { stripeAccount: stale.accountId }).catch(() => undefined);
    await db
      .update(paymentLinks)
      .set({ status: "expired", updatedAt: Date.now() })
      .where(and(eq(paymentLinks.id, stale.id), eq(paymentLinks.status, "open")))
      .run();
  }
  const id = crypto.randomUUID();
  const expiresAt = now + LINK_LIFETIME_MS - 60_000;
  const metadata = { orgId: order.orgId, orderId: order.id, linkId: id };
  const session = await stripe.checkout.sessions
    .create(
      {
        mode: "payment",
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: order.currency.toLowerCase(),
              unit_amount: order.totalMinor,
              product_data: { name: `${c.get("auth").org.name} · order #${order.number}` },
            },
          },
        ],
        client_reference_id: order.id,
        metadata,
        // The charge (and so its refunds) carries the link too, whatever order Stripe's events arrive in.
        payment_intent_data: { metadata },
        expires_at: Math.floor(expiresAt / 1000),
      },
      { stripeAccount: accountId, idempotencyKey: `parley-paylink-${id}` },
    )
    .catch((err: unknown) => {
      throw stripeUnreachable(err);
    });
  if (!session.url) throw new AppError(502, "stripe_no_url", "Stripe created the payment without a link; try again.");
  const link = {
    id,
    orgId: order.orgId,
    orderId: order.id,
    accountId,
    sessionId: session.id,
    url: session.url,
    amountMinor: order.totalMinor,
    currency: order.currency,
    status: "open" as const,
    conversationId,
    clientId,
    createdBy: c.get("auth").user.id,
    expiresAt,
    updatedAt: Date.now(),
  };
  await db.insert(paymentLinks).values(link).run();
  return (await db.select().from(paymentLinks).where(eq(paymentLinks.id, id)).get())!;
}

export async function sendPaymentLink(
  c: Context<AppEnv>,
  db: Db,
  orgId: string,
  orderId: string,
  body: PaymentLinkBody,
): Promise<{ link: PublicPaymentLink; message: Message; conversationId: string; duplicate: boolean }> {
  const detail = await orderDetail(db, orgId, orderId);
  const order = { ...detail.order, orgId } as Order;
  const sent = await db
    .select()
    .from(paymentLinks)
    .where(and(eq(paymentLinks.orgId, orgId), eq(paymentLinks.clientId, body.clientId)))
    .get();
  if (sent && sent.orderId !== orderId)
    throw new AppError(409, "client_id_reused", "This clientId was already used for another order's link.");
  const conv = await conversationFor(db, order);
  let link = sent;
  if (!link) {
    refusePayment(order);
    const accountId = await readyAccount(db, orgId);
    if (!body.template && !windowOpen(conv))
      throw new AppError(
        422,
        "window_closed",
        "The 24-hour window since the customer's last message has closed: pick an approved template to send the link with.",
      );
    link = await linkFor(c, db, order, accountId, body.clientId, conv.id);
  }
  const message = await sendMessage(
    c,
    db,
    conv,
    body.template
      ? {
          type: "template",
          clientId: body.clientId,
          name: body.template.name,
          language: body.template.language,
          params: paymentLinkTemplateParams(order, detail.order.contactName, link.url),
        }
      : { type: "text", clientId: body.clientId, text: paymentLinkText(order, link.url) },
  );
  if (!sent) {
    await auditEntry(c, db, { orgId, action: "payments.link_sent", target: { type: "order", id: orderId }, detail: { linkId: link.id } });
    c.executionCtx.waitUntil(touchOrder(c.env, db, orgId, orderId));
  }
  return { link: publicLink(link), ...message, conversationId: conv.id };
}
