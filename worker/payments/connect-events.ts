/**
 * Events from organizations' connected Stripe accounts (the Connect endpoint). Each is applied so that a
 * duplicate is a no-op and any order of arrival ends in the same state: a link only moves forward
 * (open → paid → refunded; open → expired), the refunded amount only grows, and a refund that arrives
 * before its payment's completion counts as the payment too (the charge carries the link's metadata).
 */
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db } from "../../db/client";
import { paymentLinks, stripeConnections, type PaymentLink } from "../../db/tables/payments";
import { accountFields } from "./connect";
import { orderPaid, orderRefunded, touchOrder } from "./order-payment";

import type { ConnectOutcome } from "./types";

const byId = (db: Db, id: string) => db.select().from(paymentLinks).where(eq(paymentLinks.id, id)).get();

async function linkOfSession(db: Db, account: string, sessionId: string): Promise<PaymentLink | undefined> {
  const link = await db.select().from(paymentLinks).where(eq(paymentLinks.sessionId, sessionId)).get();
  // An event names its account: a link is only ever moved by the account it was created on.
  return link?.accountId === account ? link : undefined;
}

/** Marks the link paid if it was not yet; true when this call did it. */
async function markPaid(db: Db, link: PaymentLink, intent: string | null): Promise<boolean> {
  const now = Date.now();
  const res = await db
    .update(paymentLinks)
    .set({ status: "paid", paidAt: now, paymentIntentId: intent, updatedAt: now })
    .where(and(eq(paymentLinks.id, link.id), inArray(paymentLinks.status, ["open", "expired"])))
    .run();
  return res.meta.changes > 0;
}

export async function applyConnectEvent(env: Env, db: Db, event: Stripe.Event): Promise<ConnectOutcome> {
  const account = event.account;
  if (!account) return "ignored";
  switch (event.type) {
    case "account.updated": {
      const res = await db
        .update(stripeConnections)
        .set(accountFields(event.data.object))
        .where(eq(stripeConnections.accountId, account))
        .run();
      return res.meta.changes ? "account_updated" : "ignored";
    }
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      if (session.payment_status !== "paid") return "ignored";
      const link = await linkOfSession(db, account, session.id);
      if (!link) return "ignored";
      const intent = typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? null);
      if (!(await markPaid(db, link, intent))) return "duplicate";
      await orderPaid(env, db, link);
      return "paid";
    }
    case "checkout.session.expired": {
      const link = await linkOfSession(db, account, event.data.object.id);
      if (!link) return "ignored";
      const res = await db
        .update(paymentLinks)
        .set({ status: "expired", updatedAt: Date.now() })
        .where(and(eq(paymentLinks.id, link.id), eq(paymentLinks.status, "open")))
        .run();
      if (!res.meta.changes) return "duplicate";
      await touchOrder(env, db, link.orgId, link.orderId);
      return "expired";
    }
    case "charge.refunded": {
      const charge = event.data.object;
      const linkId = charge.metadata?.linkId;
      const link = linkId ? await byId(db, linkId) : undefined;
      if (!link || link.accountId !== account) return "ignored";
      const intent = typeof charge.payment_intent === "string" ? charge.payment_intent : (charge.payment_intent?.id ?? null);
      if (await markPaid(db, link, intent)) await orderPaid(env, db, link);
      const full = charge.amount_refunded >= link.amountMinor;
      const res = await db
        .update(paymentLinks)
        .set({ refundedMinor: charge.amount_refunded, status: full ? "refunded" : sql`${paymentLinks.status}`, updatedAt: Date.now() })
        .where(and(eq(paymentLinks.id, link.id), lt(paymentLinks.refundedMinor, charge.amount_refunded)))
        .run();
      if (!res.meta.changes) return "duplicate";
      if (full) await orderRefunded(env, db, link.orgId, link.orderId);
      else await touchOrder(env, db, link.orgId, link.orderId);
      return full ? "refunded" : "partially_refunded";
    }
    default:
      return "ignored";
  }
}
