import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMetaGraphPeer, type MetaGraphPeer } from "./meta-graph.js";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.js";

const TOKEN = "tok";
let peer: MetaGraphPeer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  peer = await startMetaGraphPeer({ accessToken: TOKEN, appSecret: "secret", control: true });
});

afterAll(async () => {
  await peer.close();
  await receiver.close();
});

const control = (path: string, method: string, body?: unknown) =>
  fetch(`${peer.url}/__peer/${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

const sendText = () =>
  fetch(`${peer.url}/v23.0/106540352242922/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ messaging_product: "whatsapp", to: "16505551234", type: "text", text: { body: "hi" } }),
  });

describe("HTTP controls (for tests inside workerd)", () => {
  it("injects a preset failure, reports requests and sends, and resets", async () => {
    expect((await control("fail", "POST", { preset: "rateLimit", pathPattern: "/messages$", times: 1 })).status).toBe(204);
    expect((await sendText()).status).toBe(429);
    expect((await sendText()).status).toBe(200);
    const requests = (await (await control("requests", "GET")).json()) as Array<{ status: number }>;
    expect(requests.map((request) => request.status)).toEqual([429, 200]);
    expect(await (await control("sends", "GET")).json()).toHaveLength(1);
    expect((await control("reset", "POST")).status).toBe(204);
    expect(await (await control("requests", "GET")).json()).toEqual([]);
  });

  it("points status webhooks at a receiver, registers media and replaces templates", async () => {
    await control("webhook-url", "PUT", { url: receiver.url });
    await sendText();
    expect((await control("idle", "POST")).status).toBe(204);
    expect(receiver.posts).toHaveLength(3);
    const media = (await (await fetch(`${peer.url}/__peer/media?type=audio/ogg`, { method: "POST", body: "OggS" })).json()) as {
      id: string;
    };
    expect(await (await fetch(`${peer.url}/v23.0/${media.id}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()).toMatchObject({
      mime_type: "audio/ogg",
      file_size: 4,
    });
    await control("templates", "PUT", []);
    expect(await (await fetch(`${peer.url}/v23.0/1/message_templates?access_token=${TOKEN}`)).json()).toMatchObject({ data: [] });
    expect((await control("fail", "POST", { nonsense: true })).status).toBe(400);
  });

  it("is off unless asked for", async () => {
    const plain = await startMetaGraphPeer({ accessToken: TOKEN, appSecret: "secret" });
    expect((await fetch(`${plain.url}/__peer/requests`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    await plain.close();
  });
});
