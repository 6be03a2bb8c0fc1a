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

const sendTo = (to: string) =>
  fetch(`${peer.url}/v23.0/106540352242922/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ messaging_product: "whatsapp", to, type: "text", text: { body: "hi" } }),
  });

describe("campaign failures", () => {
  it("fails one recipient with the pair rate limit (131056) and a Retry-After, leaving others alone", async () => {
    await control("reset", "POST");
    await control("fail", "POST", { preset: "pairRateLimit", to: "16505550001", retryAfter: 7, times: 1 });
    expect((await sendTo("16505550002")).status).toBe(200);
    const refused = await sendTo("16505550001");
    expect(refused.status).toBe(400);
    expect(refused.headers.get("retry-after")).toBe("7");
    expect(((await refused.json()) as { error: { code: number } }).error.code).toBe(131056);
    expect((await sendTo("16505550001")).status).toBe(200);
  });

  it("answers 429 with 130429 and the spam limit 131048 on demand", async () => {
    await control("fail", "POST", { preset: "rateLimit", pathPattern: "/messages$", retryAfter: 2, times: 1 });
    await control("fail", "POST", { preset: "spamRateLimit", pathPattern: "/messages$", times: 1 });
    const limited = await sendText();
    expect([limited.status, ((await limited.json()) as { error: { code: number } }).error.code]).toEqual([429, 130429]);
    expect(((await (await sendText()).json()) as { error: { code: number } }).error.code).toBe(131048);
  });

  it("delays a send without failing it (a slow Meta, for killing a sender mid-call)", async () => {
    await control("fail", "POST", { status: 200, to: "16505550009", delayMs: 300, times: 1 });
    const done: string[] = [];
    const slow = sendTo("16505550009").then((r) => done.push(`slow ${r.status}`));
    await sendTo("16505550010").then((r) => done.push(`fast ${r.status}`));
    await slow;
    expect(done).toEqual(["fast 200", "slow 200"]);
    await control("reset", "POST");
  });
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
