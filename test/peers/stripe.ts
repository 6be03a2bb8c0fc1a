/**
 * A local stand-in for Stripe: the API subset Parley calls (customers, prices by lookup key, Checkout
 * sessions, Customer Portal sessions, subscriptions, invoices), hosted Checkout and Portal pages simple
 * enough to click through in Chromium, and webhooks signed with Stripe's `t=…,v1=…` scheme, delivered in
 * order, reversed or twice on demand. Parley's real `stripe` SDK reaches it through STRIPE_API_BASE.
 *
 * Controls (unauthenticated, for tests and demos):
 *   POST /__stripe/fail-payment {"subscription": "sub_…"}   the next renewal fails: past_due + invoice.payment_failed
 *   POST /__stripe/pay {"subscription": "sub_…"}            the open invoices are paid: active again
 *   POST /__stripe/delivery {"mode": "in-order" | "reverse" | "duplicate"}
 *   POST /__stripe/expire {"session": "cs_…"}               a connected account's payment link expires now
 *   GET  /__stripe/subscriptions?customer=cus_…   GET /__stripe/events
 *
 * Connect (organizations' own accounts, payment links): test/peers/stripe-connect.ts; its events go to
 * `connectWebhookUrl`, signed with `connectWebhookSecret`.
 *
 * Run alone with `npm run peer:stripe` (env STRIPE_PEER_PORT, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, PARLEY_URL).
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { ConnectState } from "./stripe-connect.js";
import { checkoutPage, onboardingPage, paymentPage, portalPage } from "./stripe-pages.js";
import { list, obj, parseStripeForm, str, type FormObject } from "./stripe-form.js";
import { StripeState, stripeId, subscriptionOf, type Json, type StripeEvent } from "./stripe-state.js";

export interface StripePeerOptions {
  port?: number;
  host?: string;
  secretKey: string;
  webhookSecret: string;
  /** Parley's `POST /webhooks/stripe`; without it events are only recorded. */
  webhookUrl?: string;
  log?: boolean;
  /** false: start with no products or prices (to test `npm run stripe:prices`). */
  seedPrices?: boolean;
  /** Parley's `POST /webhooks/stripe-connect` and that endpoint's secret: connected accounts' events. */
  connectWebhookUrl?: string;
  connectWebhookSecret?: string;
}

export type DeliveryMode = "in-order" | "reverse" | "duplicate";

export interface StripePeer {
  url: string;
  state: StripeState;
  connect: ConnectState;
  deliveries: { id: string; type: string; status: number }[];
  setDelivery(mode: DeliveryMode): void;
  close(): Promise<void>;
}

export const LOCAL_STRIPE = {
  secretKey: "sk_test_local_not_real",
  webhookSecret: "whsec_local_not_real",
  connectWebhookSecret: "whsec_connect_local_not_real",
} as const;

/** Stripe's signature: HMAC-SHA256 of `${t}.${payload}` with the endpoint secret. */
export function stripeSignature(payload: string, secret: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${payload}`).digest("hex")}`;
}

export async function startStripePeer(options: StripePeerOptions): Promise<StripePeer> {
  const host = options.host ?? "127.0.0.1";
  const state = new StripeState(options.seedPrices ?? true);
  const deliveries: StripePeer["deliveries"] = [];
  let mode: DeliveryMode = "in-order";
  const log = options.log ? (line: string) => console.log(`[stripe-peer] ${line}`) : () => undefined;

  const connect = new ConnectState(() => base);
  const ordered = (events: StripeEvent[]) =>
    mode === "reverse" ? [...events].reverse() : mode === "duplicate" ? events.flatMap((e) => [e, e]) : events;
  state.onEvents = async (events) => {
    if (!options.webhookUrl) return;
    for (const event of ordered(events)) await deliver(event, options.webhookUrl, options.webhookSecret);
  };
  connect.onEvents = async (events) => {
    if (!options.connectWebhookUrl || !options.connectWebhookSecret) return;
    for (const event of ordered(events)) await deliver(event, options.connectWebhookUrl, options.connectWebhookSecret);
  };

  async function deliver(event: StripeEvent, url: string, secret: string): Promise<void> {
    const payload = JSON.stringify(event, null, 2);
    let status = 0;
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": stripeSignature(payload, secret) },
        body: payload,
      });
      status = res.status;
      await res.arrayBuffer();
    } catch (err) {
      log(`webhook ${event.type} failed: ${String(err)}`);
    }
    deliveries.push({ id: event.id, type: event.type, status });
    log(`webhook ${event.type} ${event.id} → ${status}`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) reply(res, 500, { error: { type: "api_error", message: String(err) } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<ServerResponse> {
    const url = new URL(req.url ?? "/", base);
    const body = await readBody(req);
    const method = req.method ?? "GET";
    const path = url.pathname;
    if (path.startsWith("/__stripe/")) return control(res, method, path.slice(9), url.searchParams, body);
    const page = /^\/(checkout|portal|connect)\/(\w+)(\/\w+)?$/.exec(path);
    if (page) return hostedPage(res, method, page[1]!, page[2]!, page[3]?.slice(1));
    if (req.headers.authorization !== `Bearer ${options.secretKey}`) {
      return reply(res, 401, { error: { type: "invalid_request_error", message: "Invalid API Key provided." } });
    }
    const form = method === "GET" || method === "DELETE" ? parseStripeForm(url.search.slice(1)) : parseStripeForm(body);
    const account = req.headers["stripe-account"];
    const answer = await connect.api(method, path, form, typeof account === "string" ? account : undefined);
    if (answer) return reply(res, answer.status, answer.body);
    return api(res, method, path, form);
  }

  async function api(res: ServerResponse, method: string, path: string, form: FormObject): Promise<ServerResponse> {
    const sub = /^\/v1\/subscriptions\/(\w+)$/.exec(path);
    const product = /^\/v1\/products\/(\w+)$/.exec(path);
    if (method === "GET" && product) {
      const found = state.products.get(product[1]!);
      return found
        ? reply(res, 200, found)
        : reply(res, 404, {
            error: { type: "invalid_request_error", code: "resource_missing", message: `No such product: '${product[1]}'` },
          });
    }
    const route = sub ? `${method} /v1/subscriptions/:id` : `${method} ${path}`;
    switch (route) {
      case "POST /v1/customers":
        return reply(res, 200, state.createCustomer({ email: str(form.email), name: str(form.name), metadata: obj(form.metadata) }));
      case "GET /v1/prices": {
        const keys = list(form.lookup_keys).map(String);
        const data = [...state.prices.values()].filter((p) => keys.length === 0 || keys.includes(String(p.lookup_key)));
        return reply(res, 200, { object: "list", data, has_more: false, url: "/v1/prices" });
      }
      case "POST /v1/products": {
        const product = state.createProduct({ id: str(form.id), name: str(form.name), metadata: obj(form.metadata) });
        if (!product)
          return reply(res, 400, {
            error: { type: "invalid_request_error", code: "resource_already_exists", message: "Product already exists." },
          });
        return reply(res, 200, product);
      }
      case "POST /v1/prices": {
        const price = state.createPrice(form as Json);
        if (typeof price === "string") return reply(res, 400, { error: { type: "invalid_request_error", message: price } });
        return reply(res, 200, price);
      }
      case "POST /v1/checkout/sessions": {
        const item = obj(list(form.line_items)[0]);
        const price = str(item.price);
        const customer = str(form.customer);
        if (!price || !state.prices.has(price)) return missing(res, "price", price);
        if (!customer || !state.customers.has(customer)) return missing(res, "customer", customer);
        const id = stripeId("cs_test");
        const session: Json = {
          id,
          object: "checkout.session",
          mode: str(form.mode) ?? "payment",
          status: "open",
          customer,
          client_reference_id: str(form.client_reference_id) ?? null,
          metadata: obj(form.metadata),
          subscription: null,
          success_url: str(form.success_url),
          cancel_url: str(form.cancel_url),
          url: `${base}/checkout/${id}`,
          price,
          subscription_metadata: obj(obj(form.subscription_data).metadata),
        };
        state.sessions.set(id, session);
        return reply(res, 200, session);
      }
      case "POST /v1/billing_portal/sessions": {
        const customer = str(form.customer);
        if (!customer || !state.customers.has(customer)) return missing(res, "customer", customer);
        const id = stripeId("bps");
        const session = { id, object: "billing_portal.session", customer, return_url: str(form.return_url), url: `${base}/portal/${id}` };
        state.portalSessions.set(id, session);
        return reply(res, 200, session);
      }
      case "GET /v1/subscriptions/:id": {
        const found = state.subscriptions.get(sub![1]!);
        return found ? reply(res, 200, found) : missing(res, "subscription", sub![1]);
      }
      case "POST /v1/subscriptions/:id": {
        const found = state.subscriptions.get(sub![1]!);
        if (!found) return missing(res, "subscription", sub![1]);
        const price = str(obj(list(form.items)[0]).price);
        if (price && !state.prices.has(price)) return missing(res, "price", price);
        if (form.metadata) found.metadata = { ...(found.metadata as Json), ...obj(form.metadata) };
        if (price) await state.changePrice(found, price);
        return reply(res, 200, found);
      }
      case "DELETE /v1/subscriptions/:id": {
        const found = state.subscriptions.get(sub![1]!);
        if (!found) return missing(res, "subscription", sub![1]);
        await state.cancel(found);
        return reply(res, 200, found);
      }
      case "GET /v1/invoices": {
        const customer = str(form.customer);
        const data = state.invoices.filter((i) => !customer || i.customer === customer).reverse();
        return reply(res, 200, {
          object: "list",
          data: data.slice(0, Number(str(form.limit) ?? 10)),
          has_more: false,
          url: "/v1/invoices",
        });
      }
      default:
        return reply(res, 404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` } });
    }
  }

  async function hostedPage(res: ServerResponse, method: string, kind: string, id: string, action?: string): Promise<ServerResponse> {
    if (kind === "connect") {
      const link = connect.accountLinks.get(id);
      if (!link) return html(res, 404, "No such account link.");
      if (method === "POST" && action === "complete") {
        await connect.completeOnboarding(id);
        return redirect(res, String(link.return_url));
      }
      return html(res, 200, onboardingPage(id, connect.accounts.get(String(link.account))!));
    }
    const oneOff = kind === "checkout" ? connect.sessions.get(id) : undefined;
    if (oneOff) {
      if (method === "POST" && action === "pay" && oneOff.status === "open") {
        await connect.pay(oneOff);
        if (oneOff.success_url) return redirect(res, String(oneOff.success_url));
      }
      return html(res, 200, paymentPage(oneOff, connect.accounts.get(String(oneOff.account))));
    }
    if (kind === "checkout") {
      const session = state.sessions.get(id);
      if (!session) return html(res, 404, "No such Checkout session.");
      if (method === "POST" && action === "pay") {
        if (session.status === "open") await state.completeCheckout(session);
        return redirect(res, String(session.success_url));
      }
      const price = state.prices.get(String(session.price))!;
      return html(res, 200, checkoutPage(session, price, state.customers.get(String(session.customer))));
    }
    const portal = state.portalSessions.get(id);
    if (!portal) return html(res, 404, "No such portal session.");
    const subs = [...state.subscriptions.values()].filter((s) => s.customer === portal.customer && s.status !== "canceled");
    if (method === "POST" && action === "cancel") {
      for (const s of subs) await state.cancel(s);
      return redirect(res, String(portal.return_url));
    }
    const invoices = state.invoices.filter((i) => i.customer === portal.customer);
    return html(res, 200, portalPage(portal, subs, invoices));
  }

  async function control(
    res: ServerResponse,
    method: string,
    action: string,
    query: URLSearchParams,
    body: string,
  ): Promise<ServerResponse> {
    const input = (body ? JSON.parse(body) : {}) as Record<string, unknown>;
    const sub = typeof input.subscription === "string" ? state.subscriptions.get(input.subscription) : undefined;
    switch (`${method} ${action}`) {
      case "POST /fail-payment":
        if (!sub) return reply(res, 404, { error: "no such subscription" });
        await state.failPayment(sub);
        return reply(res, 200, sub);
      case "POST /pay":
        if (!sub) return reply(res, 404, { error: "no such subscription" });
        await state.payOpenInvoices(sub);
        return reply(res, 200, sub);
      case "POST /delivery":
        mode = input.mode === "reverse" || input.mode === "duplicate" ? input.mode : "in-order";
        return reply(res, 200, { mode });
      case "GET /subscriptions": {
        const customer = query.get("customer");
        return reply(
          res,
          200,
          [...state.subscriptions.values()].filter((s) => !customer || s.customer === customer),
        );
      }
      case "POST /expire": {
        const session = connect.sessions.get(String(input.session));
        if (session?.status !== "open") return reply(res, 404, { error: "no such open session" });
        await connect.expire(session!);
        return reply(res, 200, session);
      }
      case "GET /events":
        return reply(res, 200, { events: [...state.events, ...connect.events], deliveries });
      default:
        return reply(res, 404, { error: `unknown control ${method} ${action}` });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const base = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    state,
    connect,
    deliveries,
    setDelivery: (m) => {
      mode = m;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

export { subscriptionOf };

function missing(res: ServerResponse, what: string, id: string | undefined): ServerResponse {
  return reply(res, 400, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such ${what}: '${id ?? ""}'` } });
}

function reply(res: ServerResponse, status: number, payload: unknown): ServerResponse {
  return res.writeHead(status, { "content-type": "application/json", "request-id": stripeId("req") }).end(JSON.stringify(payload));
}

function html(res: ServerResponse, status: number, page: string): ServerResponse {
  return res.writeHead(status, { "content-type": "text/html; charset=utf-8" }).end(page);
}

function redirect(res: ServerResponse, location: string): ServerResponse {
  return res.writeHead(303, { location }).end();
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

/** `npm run peer:stripe`. */
async function runFromCommandLine(): Promise<void> {
  const parley = process.env.PARLEY_URL ?? "http://127.0.0.1:8787";
  const peer = await startStripePeer({
    port: Number(process.env.STRIPE_PEER_PORT ?? 8790),
    secretKey: process.env.STRIPE_SECRET_KEY ?? LOCAL_STRIPE.secretKey,
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? LOCAL_STRIPE.webhookSecret,
    webhookUrl: `${parley}/webhooks/stripe`,
    connectWebhookUrl: `${parley}/webhooks/stripe-connect`,
    connectWebhookSecret: process.env.STRIPE_CONNECT_WEBHOOK_SECRET ?? LOCAL_STRIPE.connectWebhookSecret,
    log: true,
  });
  console.log(`Stripe peer on ${peer.url} (webhooks → ${parley}/webhooks/stripe)`);
  const stop = () => peer.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  runFromCommandLine().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
