/**
 * The Stripe peer's objects and what happens to them: customers, prices (one per plan, interval and
 * currency, from worker/billing/plans.ts, with Parley's lookup keys), Checkout sessions, subscriptions,
 * invoices, and the events each change emits. Shapes follow Stripe's API (2026 versions: the billing
 * period on the subscription item, an invoice's subscription under `parent.subscription_details`).
 */
import { billingIntervals, currencies, planIds, plans, priceLookupKey } from "../../worker/billing/plans";

export type Json = Record<string, unknown>;

export interface StripeEvent extends Json {
  id: string;
  object: "event";
  type: string;
  created: number;
  data: { object: Json };
}

let seq = 0;
export const stripeId = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(++seq).toString(36).padStart(4, "0")}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const MONTH_S = 30 * 24 * 3600;

export class StripeState {
  customers = new Map<string, Json>();
  prices = new Map<string, Json>();
  products = new Map<string, Json>();
  sessions = new Map<string, Json>();
  portalSessions = new Map<string, Json>();
  subscriptions = new Map<string, Json>();
  invoices: Json[] = [];
  /** Emitted, oldest first; the peer delivers each as soon as it is emitted. */
  events: StripeEvent[] = [];
  onEvents: (events: StripeEvent[]) => Promise<void> = async () => undefined;

  /** Seeded with Parley's prices, as an account set up with `npm run stripe:prices` would be; empty on request. */
  constructor(seedPrices = true) {
    if (!seedPrices) return;
    for (const plan of planIds) {
      if (plan === "free") continue;
      for (const interval of billingIntervals)
        for (const currency of currencies) {
          const id = `price_${plan}_${interval}_${currency}`;
          this.prices.set(id, {
            id,
            object: "price",
            active: true,
            currency,
            unit_amount: plans[plan].prices[interval][currency],
            recurring: { interval, interval_count: 1 },
            lookup_key: priceLookupKey(plan, interval, currency),
            product: `prod_parley_${plan}`,
            nickname: `Parley ${plans[plan].name}`,
          });
        }
    }
  }

  createProduct(form: { id?: string; name?: string; metadata?: Json }): Json | null {
    const id = form.id ?? stripeId("prod");
    if (this.products.has(id)) return null;
    const product = { id, object: "product", active: true, name: form.name ?? id, metadata: form.metadata ?? {} };
    this.products.set(id, product);
    return product;
  }

  /** A new price; with `transfer_lookup_key` it takes the key from the price that had it (as Stripe does). */
  createPrice(form: Json): Json | string {
    const key = typeof form.lookup_key === "string" ? form.lookup_key : null;
    const holder = key ? [...this.prices.values()].find((p) => p.lookup_key === key) : undefined;
    if (holder && form.transfer_lookup_key !== "true") return `A price (\`${holder.id}\`) already uses the lookup key \`${key}\`.`;
    if (holder) holder.lookup_key = null;
    if (!this.products.has(String(form.product))) return `No such product: '${String(form.product)}'`;
    const recurring = (form.recurring ?? {}) as Json;
    const price = {
      id: stripeId("price"),
      object: "price",
      active: true,
      currency: form.currency,
      unit_amount: Number(form.unit_amount),
      recurring: { interval: recurring.interval, interval_count: 1 },
      lookup_key: key,
      product: form.product,
      nickname: form.nickname ?? null,
    };
    this.prices.set(price.id, price);
    return price;
  }

  createCustomer(form: { email?: string; name?: string; metadata?: Json }): Json {
    const customer = {
      id: stripeId("cus"),
      object: "customer",
      email: form.email ?? null,
      name: form.name ?? null,
      metadata: form.metadata ?? {},
    };
    this.customers.set(customer.id, customer);
    return customer;
  }

  /** Checkout paid: the subscription starts, its first invoice is paid, the session completes. */
  async completeCheckout(session: Json): Promise<void> {
    const price = this.prices.get(String(session.price))!;
    const start = nowSeconds();
    const sub: Json = {
      id: stripeId("sub"),
      object: "subscription",
      customer: session.customer,
      status: "active",
      metadata: session.subscription_metadata ?? {},
      cancel_at_period_end: false,
      created: start,
      items: { object: "list", data: [this.item(price, start)] },
    };
    this.subscriptions.set(String(sub.id), sub);
    const invoice = this.invoice(sub, "paid", Number(price.unit_amount));
    Object.assign(session, { status: "complete", payment_status: "paid", subscription: sub.id });
    await this.emit([
      ["customer.subscription.created", sub],
      ["checkout.session.completed", session],
      ["invoice.paid", invoice],
    ]);
  }

  /** A plan change with proration (as Stripe computes it; here simply the price difference). */
  async changePrice(sub: Json, priceId: string): Promise<void> {
    const price = this.prices.get(priceId)!;
    const old = (sub.items as { data: Json[] }).data[0]!;
    const diff = Number(price.unit_amount) - Number((old.price as Json).unit_amount);
    (sub.items as { data: Json[] }).data = [{ ...this.item(price, Number(old.current_period_start)), id: old.id }];
    const events: [string, Json][] = [["customer.subscription.updated", sub]];
    if (diff > 0) events.push(["invoice.paid", this.invoice(sub, "paid", diff)]);
    await this.emit(events);
  }

  async failPayment(sub: Json): Promise<void> {
    sub.status = "past_due";
    const price = (sub.items as { data: Json[] }).data[0]!.price as Json;
    const invoice = this.invoice(sub, "open", Number(price.unit_amount));
    await this.emit([
      ["invoice.payment_failed", invoice],
      ["customer.subscription.updated", sub],
    ]);
  }

  async payOpenInvoices(sub: Json): Promise<void> {
    sub.status = "active";
    const open = this.invoices.filter((i) => subscriptionOf(i) === sub.id && i.status === "open");
    for (const i of open) Object.assign(i, { status: "paid", amount_paid: i.amount_due });
    await this.emit([...open.map((i): [string, Json] => ["invoice.paid", i]), ["customer.subscription.updated", sub]]);
  }

  async cancel(sub: Json): Promise<void> {
    Object.assign(sub, { status: "canceled", canceled_at: nowSeconds(), ended_at: nowSeconds() });
    await this.emit([["customer.subscription.deleted", sub]]);
  }

  private item(price: Json, start: number): Json {
    return {
      id: stripeId("si"),
      object: "subscription_item",
      price,
      quantity: 1,
      current_period_start: start,
      current_period_end: start + MONTH_S,
    };
  }

  private invoice(sub: Json, status: "paid" | "open", amount: number): Json {
    const price = (sub.items as { data: Json[] }).data[0]!.price as Json;
    const invoice: Json = {
      id: stripeId("in"),
      object: "invoice",
      number: `PARLEY-${String(this.invoices.length + 1).padStart(4, "0")}`,
      customer: sub.customer,
      status,
      currency: price.currency,
      amount_due: amount,
      amount_paid: status === "paid" ? amount : 0,
      created: nowSeconds(),
      hosted_invoice_url: null,
      parent: { type: "subscription_details", subscription_details: { subscription: sub.id, metadata: sub.metadata } },
    };
    this.invoices.push(invoice);
    return invoice;
  }

  private async emit(changes: [type: string, object: Json][]): Promise<void> {
    const created = nowSeconds();
    const events = changes.map(
      ([type, object]): StripeEvent => ({
        id: stripeId("evt"),
        object: "event",
        api_version: "2026-11-18.endive",
        type,
        created,
        livemode: false,
        // A snapshot, as Stripe sends it: later changes to the object do not rewrite a sent event.
        data: { object: structuredClone(object) },
      }),
    );
    this.events.push(...events);
    await this.onEvents(events);
  }
}

export const subscriptionOf = (invoice: Json): unknown =>
  ((invoice.parent as Json | undefined)?.subscription_details as Json | undefined)?.subscription;
