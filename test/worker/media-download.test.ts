import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import type { MediaJob } from "../../durable/room-api";
import worker from "../../worker/index";
import { MAX_ATTEMPTS } from "../../worker/jobs/consume-jobs";
import { ALICE, conversationOf, createTenant, messagesOf, postWebhook } from "../support/parley";

const peer = inject("metaPeerUrl");

/** Registers bytes with the local Meta peer, as if a customer had uploaded them to WhatsApp. */
async function uploadToMeta(bytes: Uint8Array<ArrayBuffer>, mimeType = "image/jpeg") {
  const id = String(Date.now()) + String(Math.floor(Math.random() * 1e6)).padStart(6, "0");
  const res = await fetch(`${peer}/__peer/media?id=${id}&type=${encodeURIComponent(mimeType)}`, { method: "POST", body: bytes });
  return (await res.json()) as { id: string; sha256: string };
}

async function failPeer(rule: Record<string, unknown>) {
  await fetch(`${peer}/__peer/fail`, { method: "POST", body: JSON.stringify(rule) });
}

function imageWebhook(phoneNumberId: string, media: { id: string; sha256: string }) {
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "112233445566778",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550783881", phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: "Alice Moreno" }, wa_id: ALICE.waId }],
              messages: [
                {
                  from: ALICE.waId,
                  id: `wamid.media-${media.id}`,
                  timestamp: "1781200120",
                  type: "image",
                  image: { id: media.id, mime_type: "image/jpeg", sha256: media.sha256 },
                },
              ],
            },
          },
        ],
      },
    ],
  });
}

async function waitForMedia(orgId: string, conversationId: string, state: string) {
  for (let i = 0; i < 100; i++) {
    const [m] = await messagesOf(orgId, conversationId);
    if (m?.media?.state === state) return m;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`media never reached ${state}`);
}

/** Runs the Worker's queue handler on one job, as the Queues runtime would on its nth attempt. */
async function runJob(job: MediaJob, attempts = 1) {
  const batch = createMessageBatch<MediaJob>("parley-jobs", [{ id: "m1", timestamp: Date.now(), attempts, body: job }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

async function setUp(media: { id: string; sha256: string }) {
  const t = await createTenant();
  await postWebhook(imageWebhook(t.phoneNumberId, media));
  const conv = await conversationOf(t.orgId, ALICE.waId);
  const [message] = await messagesOf(t.orgId, conv.id);
  const job: MediaJob = {
    kind: "media.download",
    orgId: t.orgId,
    conversationId: conv.id,
    messageId: message!.id,
    phoneNumberId: t.phoneNumberId,
    mediaId: media.id,
    sha256: media.sha256,
  };
  return { t, conv, job };
}

describe("media download job", () => {
  it("ingest enqueues it; the consumer stores the bytes in R2 and tells the room", async () => {
    const bytes = crypto.getRandomValues(new Uint8Array(2048));
    const media = await uploadToMeta(bytes);
    const { t, conv } = await setUp(media);
    const message = await waitForMedia(t.orgId, conv.id, "stored");
    expect(message.media).toMatchObject({ state: "stored", size: 2048, mimeType: "image/jpeg" });
    const object = await env.MEDIA.get(message.media!.r2Key!);
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(bytes);
    expect(object!.httpMetadata?.contentType).toBe("image/jpeg");
  });

  it("refuses bytes whose sha256 does not match Meta's, and retries", async () => {
    const media = await uploadToMeta(crypto.getRandomValues(new Uint8Array(64)));
    const { job } = await setUp({ id: media.id, sha256: `AAAA${media.sha256.slice(4)}` });
    const result = await runJob(job);
    expect(result.retryMessages).toEqual([expect.objectContaining({ msgId: "m1" })]);
    expect(result.explicitAcks).toEqual([]);
  });

  it("settles as failed after the last attempt, with the reason on the message", async () => {
    const media = await uploadToMeta(crypto.getRandomValues(new Uint8Array(64)));
    const { t, conv, job } = await setUp({ id: media.id, sha256: `AAAA${media.sha256.slice(4)}` });
    const result = await runJob(job, MAX_ATTEMPTS);
    expect(result.explicitAcks).toEqual(["m1"]);
    const [message] = await messagesOf(t.orgId, conv.id);
    expect(message?.media).toMatchObject({ state: "failed", error: expect.stringContaining("sha256 mismatch") });
  });

  it("fails at once on an error a retry cannot fix (media unknown to Meta)", async () => {
    const { t, conv, job } = await setUp({ id: "4040404040404040", sha256: "x" });
    const result = await runJob(job);
    expect(result.explicitAcks).toEqual(["m1"]);
    expect(result.retryMessages).toEqual([]);
    expect((await messagesOf(t.orgId, conv.id))[0]?.media?.state).toBe("failed");
  });

  it("retries a Graph API 5xx, then succeeds", async () => {
    const media = await uploadToMeta(crypto.getRandomValues(new Uint8Array(64)));
    const { t, conv, job } = await setUp(media);
    await failPeer({ preset: "serverError", path: `/${media.id}`, times: 1 });
    // The live queue may have raced us to the one injected failure; either way one more try succeeds.
    const first = await runJob(job);
    const second = await runJob(job, 2);
    expect([...first.retryMessages, ...second.retryMessages].length).toBeLessThanOrEqual(1);
    expect((await waitForMedia(t.orgId, conv.id, "stored")).media?.size).toBe(64);
  });
});
