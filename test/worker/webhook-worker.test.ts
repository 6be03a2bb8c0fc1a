/**
 * The webhook-only Worker's entry (worker/hooks.ts), called with this runtime's real bindings: the same
 * Durable Objects, D1 and queue it binds by name when deployed beside the app Worker.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import hooks from "../../worker/hooks";
import { MAX_WEBHOOK_BYTES } from "../../worker/routes/webhooks";
import { allMessagesOf, conversationsOf, createTenant, fixture, projectionsSettled, signature } from "../support/parley";

async function call(path: string, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await hooks.fetch(new Request(`https://hooks.parley.test${path}`, init), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** D1 follows the rooms after the 200; like postWebhook, wait for it before reading D1. */
async function post(body: string, sig?: string): Promise<Response> {
  const res = await call("/webhooks/whatsapp", {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": sig ?? (await signature(body)) },
    body,
  });
  if (res.ok) await projectionsSettled(body);
  return res;
}

describe("the webhook-only Worker", () => {
  it("stores a signed message and its inbox row", async () => {
    const t = await createTenant();
    const res = await post(fixture("msg_01_text", t.phoneNumberId));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: true });
    expect(await allMessagesOf(t.orgId)).toHaveLength(1);
    expect(await conversationsOf(t.orgId)).toHaveLength(1);
  });

  it("answers Meta's verification handshake", async () => {
    const ok = await call(
      `/webhooks/whatsapp?${new URLSearchParams({ "hub.mode": "subscribe", "hub.verify_token": env.META_VERIFY_TOKEN, "hub.challenge": "4711" })}`,
    );
    expect(await ok.text()).toBe("4711");
    const refused = await call(
      `/webhooks/whatsapp?${new URLSearchParams({ "hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1" })}`,
    );
    expect(refused.status).toBe(403);
  });

  it("refuses a bad signature and an oversized body, storing nothing", async () => {
    const t = await createTenant();
    const body = fixture("msg_01_text", t.phoneNumberId);
    const forged = await post(body, `sha256=${"00".repeat(32)}`);
    expect(forged.status).toBe(403);
    expect(await forged.json()).toEqual({ error: { code: "signature_invalid", message: expect.any(String) } });
    const big = await call("/webhooks/whatsapp", {
      method: "POST",
      headers: { "content-length": String(MAX_WEBHOOK_BYTES + 1), "x-hub-signature-256": await signature(body) },
      body: "x".repeat(MAX_WEBHOOK_BYTES + 1),
    });
    expect(big.status).toBe(413);
    expect(await allMessagesOf(t.orgId)).toEqual([]);
  });

  it.each(["/api/health", "/api/auth/me", "/inbox", "/ws/inbox"])("serves nothing but webhooks: %s is 404", async (path) => {
    const res = await call(path);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: expect.stringContaining("/webhooks/whatsapp") } });
  });
});
