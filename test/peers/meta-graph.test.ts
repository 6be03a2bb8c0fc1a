import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { metaFailures, startMetaGraphPeer, type MetaGraphPeer } from "./meta-graph.js";
import { DEFAULT_MEDIA_BYTES, DEFAULT_MEDIA_ID } from "./meta-media.js";
import { isValidMetaSignature } from "./meta-signature.js";
import type { WebhookBody } from "./webhook-builders.js";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.js";

const TOKEN = "test-access-token";
const APP_SECRET = "test-app-secret";
const PHONE_NUMBER_ID = "106540352242922";

let peer: MetaGraphPeer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  peer = await startMetaGraphPeer({
    port: 0,
    accessToken: TOKEN,
    appSecret: APP_SECRET,
    webhookUrl: receiver.url,
    statusDelaysMs: { sent: 1, delivered: 3, read: 6 },
  });
});

afterEach(async () => {
  await peer.callbacksIdle();
  peer.reset();
  receiver.posts.length = 0;
  receiver.respondWith(200);
});

afterAll(async () => {
  await peer.close();
  await receiver.close();
});

function graph(path: string, init: RequestInit = {}, token: string | null = TOKEN): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  return fetch(`${peer.url}${path}`, { ...init, headers });
}

function send(body: Record<string, unknown>, token: string | null = TOKEN): Promise<Response> {
  return graph(
    `/v23.0/${PHONE_NUMBER_ID}/messages`,
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messaging_product: "whatsapp", recipient_type: "individual", ...body }),
    },
    token,
  );
}

const textTo = (to: string, extra: Record<string, unknown> = {}) => ({ to, type: "text", text: { body: "Hello" }, ...extra });

function statusesOf(body: unknown): Array<Record<string, unknown>> {
  return ((body as WebhookBody).entry[0]?.changes[0]?.value.statuses ?? []) as unknown as Array<Record<string, unknown>>;
}

describe("authentication", () => {
  it("answers OAuth error 190 with HTTP 401 without the right bearer token", async () => {
    for (const token of [null, "wrong-token"]) {
      const response = await graph(`/v23.0/${PHONE_NUMBER_ID}`, {}, token);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("invalid_token");
      expect(await response.json()).toMatchObject({ error: { code: 190, type: "OAuthException", fbtrace_id: expect.any(String) } });
    }
  });

  it("accepts the token as a header or as ?access_token=", async () => {
    expect((await graph(`/v23.0/${PHONE_NUMBER_ID}`)).status).toBe(200);
    expect((await graph(`/v23.0/${PHONE_NUMBER_ID}?access_token=${TOKEN}`, {}, null)).status).toBe(200);
  });
});

describe("POST /{phone-number-id}/messages", () => {
  it("answers a wamid like Meta and records the request", async () => {
    const response = await send(textTo("+1 650-555-1234"));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { messages: Array<{ id: string }> };
    expect(answer).toEqual({
      messaging_product: "whatsapp",
      contacts: [{ input: "+1 650-555-1234", wa_id: "16505551234" }],
      messages: [{ id: expect.stringMatching(/^wamid\.[A-Za-z0-9+/]+=*$/) }],
    });
    const recorded = peer.requests.at(-1);
    expect(recorded).toMatchObject({
      method: "POST",
      version: "v23.0",
      path: `/${PHONE_NUMBER_ID}/messages`,
      status: 200,
      body: { to: "+1 650-555-1234", text: { body: "Hello" } },
    });
    expect(peer.sends.map((sent) => sent.wamid)).toEqual([answer.messages[0]?.id]);
  });

  it("returns the wa_id Meta normalizes to, not the input (Mexico adds the 1)", async () => {
    const answer = await (await send(textTo("525512345678"))).json();
    expect(answer).toMatchObject({ contacts: [{ input: "525512345678", wa_id: "5215512345678" }] });
  });

  it("rejects bodies Meta rejects, with error 100", async () => {
    const cases = [
      { messaging_product: "sms", ...textTo("1") },
      { type: "text", text: { body: "no recipient" } },
      textTo("16505551234", { type: "hologram" }),
      { to: "16505551234", type: "text", text: {} },
    ];
    for (const body of cases) {
      const response = await send(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 100, type: "OAuthException" } });
    }
    expect(peer.sends).toHaveLength(0);
  });

  it("marks a message read without sending status webhooks", async () => {
    const response = await send({ status: "read", message_id: "wamid.abc" });
    expect(await response.json()).toEqual({ success: true });
    await peer.callbacksIdle();
    expect(receiver.posts).toHaveLength(0);
  });
});

describe("status webhooks", () => {
  it("posts sent → delivered → read in Meta shape, signed over the exact bytes", async () => {
    const answer = (await (await send(textTo("16505551234", { biz_opaque_callback_data: "client-msg-42" }))).json()) as {
      messages: Array<{ id: string }>;
    };
    const posts = await receiver.waitFor(3);
    const statuses = posts.map((post) => statusesOf(post.body)[0]);
    expect(statuses.map((status) => status?.status)).toEqual(["sent", "delivered", "read"]);
    for (const post of posts) {
      expect(isValidMetaSignature(APP_SECRET, post.raw, String(post.headers["x-hub-signature-256"]))).toBe(true);
      expect(post.body).toMatchObject({
        object: "whatsapp_business_account",
        entry: [
          {
            id: expect.any(String),
            changes: [
              {
                field: "messages",
                value: {
                  messaging_product: "whatsapp",
                  metadata: { display_phone_number: "15550783881", phone_number_id: PHONE_NUMBER_ID },
                },
              },
            ],
          },
        ],
      });
    }
    const [sent, delivered, read] = statuses;
    expect(sent).toMatchObject({
      id: answer.messages[0]?.id,
      recipient_id: "16505551234",
      timestamp: expect.stringMatching(/^\d+$/),
      biz_opaque_callback_data: "client-msg-42",
      conversation: { id: expect.any(String), expiration_timestamp: expect.any(String), origin: { type: "service" } },
      pricing: { billable: false, pricing_model: "PMP", category: "service" },
    });
    expect(delivered).toHaveProperty("pricing");
    expect(delivered?.conversation).not.toHaveProperty("expiration_timestamp");
    expect(read).not.toHaveProperty("pricing");
  });

  it("retries a status webhook the receiver refused", async () => {
    receiver.respondWith(500);
    await send(textTo("16505551234"));
    await receiver.waitFor(1);
    receiver.respondWith(200);
    await peer.callbacksIdle();
    expect(peer.callbacks.filter((attempt) => attempt.status === "sent").map((attempt) => attempt.httpStatus)).toEqual([500, 200]);
  });

  it("reports a failure by a `failed` status webhook when the rule says so", async () => {
    peer.fail({ ...metaFailures.reEngagement, path: "/messages", times: 1, via: "status-webhook" });
    const response = await send(textTo("16505551234"));
    expect(response.status).toBe(200);
    const [post] = await receiver.waitFor(1);
    expect(statusesOf(post?.body)[0]).toMatchObject({ status: "failed", errors: [{ code: 131047, title: "Re-engagement message" }] });
  });
});

describe("media", () => {
  it("answers metadata whose URL downloads the bytes with the token only", async () => {
    const metadata = (await (await graph(`/v23.0/${DEFAULT_MEDIA_ID}`)).json()) as { url: string; sha256: string; file_size: number };
    expect(metadata).toMatchObject({
      messaging_product: "whatsapp",
      id: DEFAULT_MEDIA_ID,
      mime_type: "image/png",
      file_size: DEFAULT_MEDIA_BYTES.byteLength,
    });
    expect((await fetch(metadata.url)).status).toBe(401);
    const download = await fetch(metadata.url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(download.headers.get("content-type")).toBe("image/png");
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(createHash("sha256").update(bytes).digest("base64")).toBe(metadata.sha256);
    expect(bytes.byteLength).toBe(metadata.file_size);
  });

  it("serves registered and uploaded media, and error 100 for unknown ids", async () => {
    const registered = peer.registerMedia({ bytes: new TextEncoder().encode("%PDF-1.4"), mimeType: "application/pdf" });
    expect((await graph(`/v23.0/${registered.id}`)).status).toBe(200);
    const form = new FormData();
    form.set("messaging_product", "whatsapp");
    form.set("file", new Blob(["jpeg bytes"], { type: "image/jpeg" }), "photo.jpg");
    const upload = (await (await graph(`/v23.0/${PHONE_NUMBER_ID}/media`, { method: "POST", body: form })).json()) as { id: string };
    expect(await (await graph(`/v23.0/${upload.id}`)).json()).toMatchObject({ mime_type: "image/jpeg", file_size: 10 });
    const unknown = await graph("/v23.0/999999999");
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { code: 100, error_subcode: 33 } });
  });
});

describe("failure injection", () => {
  it("fails the given number of times, then recovers", async () => {
    peer.fail({ ...metaFailures.rateLimit, path: /\/messages$/, times: 2, retryAfter: 3 });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await send(textTo("16505551234"));
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("3");
      expect(await response.json()).toMatchObject({
        error: { code: 130429, error_data: { details: expect.any(String) }, fbtrace_id: expect.any(String) },
      });
    }
    expect((await send(textTo("16505551234"))).status).toBe(200);
  });

  it("keeps failing until cleared, and only on matching paths", async () => {
    peer.fail({ ...metaFailures.serverError, path: "/messages" });
    expect((await send(textTo("1"))).status).toBe(500);
    expect((await send(textTo("1"))).status).toBe(500);
    expect((await graph(`/v23.0/${PHONE_NUMBER_ID}`)).status).toBe(200);
    peer.clearFailures();
    expect((await send(textTo("1"))).status).toBe(200);
  });
});

describe("templates, phone numbers, unknown routes", () => {
  it("lists approved templates with positional body params", async () => {
    const list = (await (await graph("/v23.0/102290129340398/message_templates?status=APPROVED")).json()) as {
      data: Array<{ status: string; components: Array<{ type: string; text?: string }> }>;
      paging: unknown;
    };
    expect(list.paging).toBeDefined();
    expect(list.data.length).toBeGreaterThan(1);
    expect(list.data.every((template) => template.status === "APPROVED")).toBe(true);
    expect(list.data.some((template) => template.components.some((part) => part.type === "BODY" && part.text?.includes("{{1}}")))).toBe(
      true,
    );
    peer.setTemplates([]);
    expect(await (await graph("/v23.0/102290129340398/message_templates")).json()).toMatchObject({ data: [] });
  });

  it("checks template sends like Meta", async () => {
    const template = (name: string, params: string[]) => ({
      to: "16505551234",
      type: "template",
      template: {
        name,
        language: { code: "en_US" },
        components: [{ type: "body", parameters: params.map((text) => ({ type: "text", text })) }],
      },
    });
    expect(await (await send(template("order_confirmation", ["Ana", "#1", "Friday"]))).json()).toMatchObject({
      messages: [{ message_status: "accepted" }],
    });
    expect(await (await send(template("order_confirmation", ["Ana"]))).json()).toMatchObject({ error: { code: 132000 } });
    expect((await send(template("no_such_template", []))).status).toBe(404);
  });

  it("describes a connected phone number", async () => {
    expect(await (await graph(`/${PHONE_NUMBER_ID}`)).json()).toEqual(
      expect.objectContaining({
        id: PHONE_NUMBER_ID,
        display_phone_number: "+1 555-078-3881",
        verified_name: "Parley Demo",
        quality_rating: "GREEN",
      }),
    );
  });

  it("answers unknown routes with 404 in the error envelope", async () => {
    const response = await graph("/v23.0/a/b/c", { method: "POST" });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { message: expect.any(String), type: "OAuthException", code: expect.any(Number), fbtrace_id: expect.any(String) },
    });
  });
});
