/**
 * Outgoing webhooks through the real Queue to a real HTTP receiver: events the domain emits arrive
 * signed (checked with node:crypto, not Parley's code), once per endpoint; failures retry on the
 * schedule and switch a persistently failing endpoint off with a mail; the log shows every attempt.
 */
import { and, eq } from "drizzle-orm";
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema";
import { webhookDeliveries, webhookEndpoints } from "../../db/tables/integrations";
import { deliverWebhook, RETRY_DELAYS_S } from "../../worker/integrations/deliver";
import { customerSays, until } from "../support/ai";
import { addMember, signUpOwner } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { createEndpoint, createKey, receivedAt, receiverAnswers, receiverPath, withKey } from "../support/integrations";
import { workspace } from "../support/live";
import { conversationOf, db } from "../support/parley";
import { verifyParleySignature } from "../support/reference-signature";

interface Delivery {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  nextAttemptAt: number | null;
  resendOf: string | null;
}

const deliveriesOf = async (owner: Parameters<typeof createEndpoint>[0], endpointId: string) =>
  (await expectJson<{ deliveries: Delivery[] }>(await owner.browser.get(`/api/integrations/webhooks/${endpointId}/deliveries`))).deliveries;

describe("outgoing webhooks", () => {
  it("delivers a customer's message, signed over the raw body with a timestamp, once however often WhatsApp retries", async () => {
    const w = await workspace();
    const path = receiverPath();
    const { endpoint, secret } = await createEndpoint(w.owner, path, ["message.received", "contact.created"]);
    expect(secret).toMatch(/^whsec_/);
    const { wamid, raw } = await customerSays(w, "Olá! Têm o bule azul?");
    const posts = await until(async () => {
      const got = await receivedAt(path);
      return got.length >= 2 && got;
    });
    const message = posts.find((p) => p.body.type === "message.received")!;
    expect(message.body.orgId).toBe(w.orgId);
    expect(message.body.data).toMatchObject({ wamid, text: "Olá! Têm o bule azul?", first: true });
    expect(message.headers["parley-event"]).toBe("message.received");
    for (const p of posts) expect(verifyParleySignature(p.headers["parley-signature"], p.raw, secret)).toBe(true);
    // The signature covers the exact bytes: one changed character, another secret or an old timestamp fail.
    expect(verifyParleySignature(message.headers["parley-signature"], message.raw.replace("bule", "bula"), secret)).toBe(false);
    expect(verifyParleySignature(message.headers["parley-signature"], message.raw, `${secret}x`)).toBe(false);
    expect(verifyParleySignature(message.headers["parley-signature"], message.raw, secret, 300, Date.now() + 600_000)).toBe(false);

    // WhatsApp retries the same webhook: nothing new is delivered.
    const { postWebhook } = await import("../support/parley");
    expect((await postWebhook(raw)).status).toBe(200);
    await customerSays(w, "second message");
    await until(async () => (await receivedAt(path)).length >= 3);
    const all = await receivedAt(path);
    expect(all.filter((p) => p.body.data.wamid === wamid)).toHaveLength(1);
    // The receiver has the posts a moment before Parley records their answers.
    const log = await until(async () => {
      const rows = await deliveriesOf(w.owner, endpoint.id);
      return rows.length === 3 && rows.every((d) => d.status !== "pending") && rows;
    });
    expect(log.every((d) => d.status === "succeeded" && d.attempts === 1 && d.responseStatus === 200)).toBe(true);
  });

  it("sends only subscribed events: assignment and closing by an agent, orders and contact edits through an API key", async () => {
    const w = await workspace();
    const path = receiverPath();
    await createEndpoint(w.owner, path, [
      "conversation.assigned",
      "conversation.closed",
      "order.created",
      "order.status_changed",
      "contact.updated",
    ]);
    await customerSays(w, "hello");
    const conv = await until(() => conversationOf(w.orgId, "351911111111"));
    await expectJson(await w.owner.browser.post(`/api/conversations/${conv.id}/assign`, { assigneeId: w.owner.userId }));
    await expectJson(await w.owner.browser.post(`/api/conversations/${conv.id}/state`, { state: "closed" }));
    const { secret } = await createKey(w.owner, ["orders:write", "contacts:write"]);
    const order = await expectJson<{ order: { id: string } }>(
      await withKey(secret, "POST", "/api/orders", {
        contactId: conv.contactId,
        currency: "EUR",
        lines: [{ name: "Blue teapot", quantity: 1, unitPriceMinor: 3499 }],
      }),
      201,
    );
    await expectJson(await withKey(secret, "POST", `/api/orders/${order.order.id}/status`, { status: "confirmed" }));
    await expectJson(await withKey(secret, "PATCH", `/api/contacts/${conv.contactId}`, { displayName: "Ana Silva" }));
    const posts = await until(async () => {
      const got = await receivedAt(path);
      return got.length >= 5 && got;
    });
    expect(posts.map((p) => p.body.type).sort()).toEqual([
      "contact.updated",
      "conversation.assigned",
      "conversation.closed",
      "order.created",
      "order.status_changed",
    ]);
    const moved = posts.find((p) => p.body.type === "order.status_changed")!;
    expect(moved.body.data).toMatchObject({ orderId: order.order.id, from: "draft", status: "confirmed" });
    expect(posts.find((p) => p.body.type === "contact.updated")!.body.data).toMatchObject({
      contactId: conv.contactId,
      fields: ["displayName"],
    });
  });

  it("retries a failing endpoint with backoff, logs each answer, resends on demand, and switches it off after the streak with a mail", async () => {
    const owner = await signUpOwner();
    const path = receiverPath();
    await receiverAnswers(path, 503);
    const { endpoint, secret } = await createEndpoint(owner, path, ["contact.created"]);
    const ping = await expectJson<{ delivery: Delivery }>(await owner.browser.post(`/api/integrations/webhooks/${endpoint.id}/ping`), 202);
    const first = await until(async () =>
      (await deliveriesOf(owner, endpoint.id)).find((d) => d.id === ping.delivery.id && d.status !== "pending" && d),
    );
    expect(first).toMatchObject({ status: "retrying", responseStatus: 503 });
    expect(first.nextAttemptAt! - Date.now()).toBeGreaterThan((RETRY_DELAYS_S[0]! - 5) * 1000);

    // The Queue redelivers the retry (run here rather than waited for); a stale copy of attempt 0 does nothing.
    await deliverWebhook(env, { kind: "webhook.deliver", deliveryId: first.id, attempt: 0 });
    expect((await receivedAt(path)).length).toBe(1);
    await deliverWebhook(env, { kind: "webhook.deliver", deliveryId: first.id, attempt: 1 });
    const second = (await deliveriesOf(owner, endpoint.id)).find((d) => d.id === first.id)!;
    expect(second).toMatchObject({ status: "retrying", attempts: 2, responseStatus: 503 });

    // Third failure in a row (WEBHOOK_DISABLE_AFTER_FAILURES=3 in tests): switched off, audited, owners mailed.
    await deliverWebhook(env, { kind: "webhook.deliver", deliveryId: first.id, attempt: 2 });
    const off = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id)).get();
    expect(off).toMatchObject({ enabled: false, failureStreak: 3 });
    expect(off!.disabledReason).toMatch(/3 failed attempts/);
    expect((await deliveriesOf(owner, endpoint.id)).find((d) => d.id === first.id)).toMatchObject({
      status: "failed",
      nextAttemptAt: null,
    });
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, owner.orgId), eq(auditLog.action, "integrations.webhook_disabled")))
      .all();
    expect(audit).toHaveLength(1);
    const mails = await expectJson<{ deliveries: { template: string; to: string }[] }>(await owner.browser.get("/api/email/deliveries"));
    expect(mails.deliveries.filter((m) => m.template === "webhook_disabled").map((m) => m.to)).toEqual([owner.email]);
    await expectError(await owner.browser.post(`/api/integrations/deliveries/${first.id}/resend`), 409, "endpoint_disabled");

    // Fixed and switched back on: a resend posts the same body (same event id), signed, and succeeds.
    await receiverAnswers(path, 204);
    const on = await expectJson<{ endpoint: { enabled: boolean; failureStreak: number } }>(
      await owner.browser.patch(`/api/integrations/webhooks/${endpoint.id}`, { enabled: true }),
    );
    expect(on.endpoint).toMatchObject({ enabled: true, failureStreak: 0 });
    const resent = await expectJson<{ delivery: Delivery }>(
      await owner.browser.post(`/api/integrations/deliveries/${first.id}/resend`),
      202,
    );
    expect(resent.delivery.resendOf).toBe(first.id);
    const done = await until(async () =>
      (await deliveriesOf(owner, endpoint.id)).find((d) => d.id === resent.delivery.id && d.status === "succeeded" && d),
    );
    expect(done.responseStatus).toBe(204);
    const posts = await receivedAt(path);
    expect(new Set(posts.map((p) => p.body.id)).size).toBe(1);
    expect(verifyParleySignature(posts.at(-1)!.headers["parley-signature"], posts.at(-1)!.raw, secret)).toBe(true);
  });

  it("rotates the secret: later deliveries verify with the new one only", async () => {
    const owner = await signUpOwner();
    const path = receiverPath();
    const { endpoint, secret: old } = await createEndpoint(owner, path, ["contact.created"]);
    const rotated = await expectJson<{ secret: string }>(
      await owner.browser.post(`/api/integrations/webhooks/${endpoint.id}/rotate-secret`),
    );
    expect(rotated.secret).not.toBe(old);
    await expectJson(await owner.browser.post(`/api/integrations/webhooks/${endpoint.id}/ping`), 202);
    const [post] = await until(async () => {
      const got = await receivedAt(path);
      return got.length >= 1 && got;
    });
    expect(post!.body.type).toBe("ping");
    expect(verifyParleySignature(post!.headers["parley-signature"], post!.raw, rotated.secret)).toBe(true);
    expect(verifyParleySignature(post!.headers["parley-signature"], post!.raw, old)).toBe(false);
  });

  it("refuses bad endpoints with a reason, storing nothing; only owners and admins, each in their own org", async () => {
    const owner = await signUpOwner();
    const post = (body: unknown) => owner.browser.post("/api/integrations/webhooks", body);
    await expectError(await post({ url: "not a url", events: ["message.received"] }), 400, "invalid_body", "url");
    await expectError(await post({ url: "https://example.com/h", events: [] }), 400, "invalid_body", "events");
    await expectError(await post({ url: "https://example.com/h", events: ["moon.full"] }), 400, "invalid_body", "events");
    await expectError(await post({ url: "ftp://example.com/h", events: ["message.received"] }), 422, "endpoint_url_invalid");
    await expectError(await post({ url: "https://user:pw@example.com/h", events: ["message.received"] }), 422, "endpoint_url_invalid");
    expect(await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.orgId, owner.orgId)).all()).toEqual([]);

    const agent = await addMember(owner, "agent");
    await expectError(await agent.browser.get("/api/integrations/webhooks"), 403, "forbidden");
    const { endpoint } = await createEndpoint(owner, receiverPath(), ["contact.created"]);
    const ping = await expectJson<{ delivery: Delivery }>(await owner.browser.post(`/api/integrations/webhooks/${endpoint.id}/ping`), 202);

    const other = await signUpOwner("Other");
    expect((await expectJson<{ endpoints: unknown[] }>(await other.browser.get("/api/integrations/webhooks"))).endpoints).toEqual([]);
    const id = endpoint.id;
    await expectError(await other.browser.patch(`/api/integrations/webhooks/${id}`, { enabled: false }), 404, "endpoint_not_found");
    await expectError(await other.browser.post(`/api/integrations/webhooks/${id}/rotate-secret`), 404, "endpoint_not_found");
    await expectError(await other.browser.post(`/api/integrations/webhooks/${id}/ping`), 404, "endpoint_not_found");
    await expectError(await other.browser.get(`/api/integrations/webhooks/${id}/deliveries`), 404, "endpoint_not_found");
    await expectError(await other.browser.post(`/api/integrations/deliveries/${ping.delivery.id}/resend`), 404, "delivery_not_found");
    await expectError(await other.browser.delete(`/api/integrations/webhooks/${id}`), 404, "endpoint_not_found");
    expect(await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get()).toMatchObject({ enabled: true });
    const deliveries = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id)).all();
    expect(deliveries).toHaveLength(1);

    expect(await expectJson(await owner.browser.delete(`/api/integrations/webhooks/${id}`))).toEqual({ deleted: true });
    expect(await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get()).toBeUndefined();
  });
});
