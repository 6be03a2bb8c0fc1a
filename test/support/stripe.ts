/**
 * The Stripe side of billing tests: the local Stripe peer (STRIPE_API_BASE) holds the objects; its events
 * are posted to the Worker signed with Stripe's scheme, as Stripe would deliver them.
 */
import { env, SELF } from "cloudflare:test";

export interface PeerEvent {
  id: string;
  type: string;
  created: number;
  data: { object: Record<string, unknown> & { id: string; customer?: string } };
}

export async function stripeSignature(
  payload: string,
  t = Math.floor(Date.now() / 1000),
  secret = env.STRIPE_WEBHOOK_SECRET,
): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${t}.${payload}`)));
  return `t=${t},v1=${[...mac].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export async function postStripeEvent(event: unknown, signature?: string): Promise<Response> {
  const payload = JSON.stringify(event);
  return SELF.fetch("https://parley.test/webhooks/stripe", {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature ?? (await stripeSignature(payload)) },
    body: payload,
  });
}

/** Every event the peer emitted for a customer, oldest first. */
export async function eventsOf(customer: string): Promise<PeerEvent[]> {
  const res = await fetch(`${env.STRIPE_API_BASE}/__stripe/events`);
  const { events } = (await res.json()) as { events: PeerEvent[] };
  return events.filter((e) => e.data.object.customer === customer || e.data.object.id === customer);
}

/** Delivers events to the Worker; returns each outcome. */
export async function deliver(events: PeerEvent[]): Promise<string[]> {
  const outcomes: string[] = [];
  for (const e of events) {
    const res = await postStripeEvent(e);
    if (!res.ok) throw new Error(`webhook ${e.type} → ${res.status} ${await res.text()}`);
    outcomes.push(((await res.json()) as { outcome: string }).outcome);
  }
  return outcomes;
}

/** Clicks "Pay" on the peer's hosted Checkout page. */
export async function payCheckout(url: string): Promise<void> {
  const res = await fetch(`${url}/pay`, { method: "POST", redirect: "manual" });
  if (res.status !== 303) throw new Error(`checkout pay → ${res.status}`);
}

export async function peerControl(action: string, body: unknown): Promise<Response> {
  return fetch(`${env.STRIPE_API_BASE}/__stripe/${action}`, { method: "POST", body: JSON.stringify(body) });
}
