/**
 * The Stripe peer's Connect side: organizations' own accounts on Parley's platform, their onboarding
 * (Account Links to a hosted page), one-off Checkout Sessions created on a connected account (the
 * `Stripe-Account` header), their payment, expiry and refunds. Events about a connected account carry
 * its id in `account` and go to the Connect webhook endpoint, signed with that endpoint's own secret,
 * as Stripe delivers them.
 */
import { list, obj, str, type FormObject } from "./stripe-form.js";
import { stripeId, type Json, type StripeEvent } from "./stripe-state.js";

const nowSeconds = () => Math.floor(Date.now() / 1000);

export type ApiAnswer = { status: number; body: Json };
const ok = (body: Json): ApiAnswer => ({ status: 200, body });
const missing = (what: string, id: string | undefined): ApiAnswer => ({
  status: 400,
  body: { error: { type: "invalid_request_error", code: "resource_missing", message: `No such ${what}: '${id ?? ""}'` } },
});
const invalid = (message: string): ApiAnswer => ({ status: 400, body: { error: { type: "invalid_request_error", message } } });

export class ConnectState {
  accounts = new Map<string, Json>();
  accountLinks = new Map<string, Json>();
  /** Checkout Sessions on connected accounts, by id. */
  sessions = new Map<string, Json>();
  events: StripeEvent[] = [];
  onEvents: (events: StripeEvent[]) => Promise<void> = async () => undefined;

  constructor(private readonly base: () => string) {}

  /** The Connect API calls; null when the route is not a Connect one. */
  async api(method: string, path: string, form: FormObject, account: string | undefined): Promise<ApiAnswer | null> {
    const acct = /^\/v1\/accounts\/(\w+)$/.exec(path);
    const expire = /^\/v1\/checkout\/sessions\/(\w+)\/expire$/.exec(path);
    const session = /^\/v1\/checkout\/sessions\/(\w+)$/.exec(path);
    if (method === "POST" && path === "/v1/accounts") return ok(this.createAccount(form));
    if (method === "GET" && acct) return this.accounts.has(acct[1]!) ? ok(this.accounts.get(acct[1]!)!) : missing("account", acct[1]);
    if (method === "POST" && path === "/v1/account_links") return this.createAccountLink(form);
    if (!account) return null;
    const connected = this.accounts.get(account);
    if (!connected) return missing("account", account);
    if (method === "POST" && path === "/v1/checkout/sessions") return this.createSession(connected, form);
    if (method === "POST" && expire) {
      const found = this.sessions.get(expire[1]!);
      if (!found || found.account !== account) return missing("checkout.session", expire[1]);
      if (found.status !== "open") return invalid(`Only open sessions can be expired; this one is ${String(found.status)}.`);
      await this.expire(found);
      return ok(found);
    }
    if (method === "GET" && session) {
      const found = this.sessions.get(session[1]!);
      return found && found.account === account ? ok(found) : missing("checkout.session", session[1]);
    }
    if (method === "POST" && path === "/v1/refunds") return this.refund(account, form);
    return null;
  }

  createAccount(form: FormObject): Json {
    const account: Json = {
      id: stripeId("acct"),
      object: "account",
      type: str(form.type) ?? "standard",
      email: str(form.email) ?? null,
      country: str(form.country) ?? "PT",
      default_currency: "eur",
      business_profile: { name: str(obj(form.business_profile).name) ?? null },
      charges_enabled: false,
      details_submitted: false,
      requirements: { currently_due: ["external_account", "business_profile.url", "representative.first_name"] },
      metadata: obj(form.metadata),
    };
    this.accounts.set(String(account.id), account);
    return account;
  }

  private createAccountLink(form: FormObject): ApiAnswer {
    const account = str(form.account);
    if (!account || !this.accounts.has(account)) return missing("account", account);
    const id = stripeId("acctlink");
    const link: Json = {
      object: "account_link",
      created: nowSeconds(),
      expires_at: nowSeconds() + 300,
      url: `${this.base()}/connect/${id}`,
      account,
      refresh_url: str(form.refresh_url),
      return_url: str(form.return_url),
    };
    this.accountLinks.set(id, link);
    return ok(link);
  }

  /** The owner finished Stripe's onboarding form: the account can take payments. */
  async completeOnboarding(linkId: string): Promise<Json | null> {
    const link = this.accountLinks.get(linkId);
    if (!link) return null;
    const account = this.accounts.get(String(link.account))!;
    Object.assign(account, { charges_enabled: true, details_submitted: true, requirements: { currently_due: [] } });
    await this.emit(String(account.id), [["account.updated", account]]);
    return link;
  }

  private createSession(account: Json, form: FormObject): ApiAnswer {
    if (!account.charges_enabled) return invalid("This account cannot currently make live charges: finish onboarding first.");
    if (str(form.mode) !== "payment") return invalid("Connected-account sessions here support mode=payment only.");
    const items = list(form.line_items).map((i) => obj(i));
    if (!items.length) return invalid("line_items is required.");
    let total = 0;
    let currency: string | undefined;
    const lines: Json[] = [];
    for (const item of items) {
      const data = obj(item.price_data);
      const amount = Number(str(data.unit_amount));
      const qty = Number(str(item.quantity) ?? "1");
      if (!Number.isInteger(amount) || amount < 1) return invalid("price_data.unit_amount must be a positive integer.");
      if (currency && str(data.currency) !== currency) return invalid("All line items must share one currency.");
      currency = str(data.currency);
      total += amount * qty;
      lines.push({ name: str(obj(data.product_data).name) ?? "Item", quantity: qty, amount });
    }
    const expiresAt = Number(str(form.expires_at) ?? nowSeconds() + 24 * 3600);
    if (expiresAt < nowSeconds() + 30 * 60 - 5 || expiresAt > nowSeconds() + 24 * 3600 + 5)
      return invalid("expires_at must be between 30 minutes and 24 hours from now.");
    const id = stripeId("cs_test");
    const session: Json = {
      id,
      object: "checkout.session",
      account: account.id,
      mode: "payment",
      status: "open",
      payment_status: "unpaid",
      amount_total: total,
      currency,
      client_reference_id: str(form.client_reference_id) ?? null,
      metadata: obj(form.metadata),
      payment_intent: null,
      // Copied onto the charge at payment, as Stripe does: its refunds carry it.
      payment_intent_metadata: obj(obj(form.payment_intent_data).metadata),
      expires_at: expiresAt,
      success_url: str(form.success_url),
      cancel_url: str(form.cancel_url) ?? null,
      url: `${this.base()}/checkout/${id}`,
      line_items_preview: lines,
    };
    this.sessions.set(id, session);
    return ok(session);
  }

  /** The customer paid on the hosted page. */
  async pay(session: Json): Promise<void> {
    Object.assign(session, { status: "complete", payment_status: "paid", payment_intent: stripeId("pi"), charge: stripeId("ch") });
    await this.emit(String(session.account), [["checkout.session.completed", session]]);
  }

  async expire(session: Json): Promise<void> {
    Object.assign(session, { status: "expired", url: null });
    await this.emit(String(session.account), [["checkout.session.expired", session]]);
  }

  /** A refund, as the business makes it from its Stripe dashboard or through the API. */
  private async refund(account: string, form: FormObject): Promise<ApiAnswer> {
    const intent = str(form.payment_intent);
    const session = [...this.sessions.values()].find((s) => s.account === account && s.payment_intent === intent);
    if (!session) return missing("payment_intent", intent);
    const total = Number(session.amount_total);
    const already = Number(session.amount_refunded ?? 0);
    const amount = Number(str(form.amount) ?? total - already);
    if (!Number.isInteger(amount) || amount < 1 || already + amount > total)
      return invalid(`Refund amount must be between 1 and ${total - already}.`);
    session.amount_refunded = already + amount;
    const charge: Json = {
      id: session.charge,
      object: "charge",
      payment_intent: intent,
      amount: total,
      amount_refunded: already + amount,
      refunded: already + amount === total,
      currency: session.currency,
      metadata: session.payment_intent_metadata ?? {},
    };
    await this.emit(account, [["charge.refunded", charge]]);
    return ok({ id: stripeId("re"), object: "refund", amount, payment_intent: intent, status: "succeeded", charge: charge.id });
  }

  private async emit(account: string, changes: [type: string, object: Json][]): Promise<void> {
    const events = changes.map(
      ([type, object]): StripeEvent => ({
        id: stripeId("evt"),
        object: "event",
        api_version: "2026-11-18.endive",
        account,
        type,
        created: nowSeconds(),
        livemode: false,
        data: { object: structuredClone(object) },
      }),
    );
    this.events.push(...events);
    await this.onEvents(events);
  }
}
