import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import type { Message } from "../../durable/protocol";
import { socket, workspace, type Workspace } from "../support/live";
import { eq } from "drizzle-orm";
import { roomStub } from "../../durable/room-stub";
import { conversations } from "../../db/schema";
import worker from "../../worker/index";
import type { SendJob } from "../../worker/jobs/send-job";
import { ALICE, conversationOf, db, fixtureWamid, messagesOf, postWebhook } from "../support/parley";

const peer = inject("metaPeerUrl");
const nowSeconds = () => String(Math.floor(Date.now() / 1000));

/** Alice writes now, so the 24-hour window is open. */
async function openConversation(w: Workspace) {
  await w.post("msg_01_text", (b) =>
    b.replace('"1781200000"', `"${nowSeconds()}"`).replace(fixtureWamid("msg_01_text", "messages"), `wamid.open-${crypto.randomUUID()}`),
  );
  return conversationOf(w.orgId, ALICE.waId);
}

async function sendsTo(phoneNumberId: string): Promise<{ wamid: string; body: Record<string, unknown> }[]> {
  const all = (await (await fetch(`${peer}/__peer/sends`)).json()) as {
    wamid: string;
    phoneNumberId: string;
    body: Record<string, unknown>;
  }[];
  return all.filter((s) => s.phoneNumberId === phoneNumberId);
}

async function until<T>(fn: () => Promise<T | undefined | null | false>, ms = 8000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const messageIn = (w: Workspace, convId: string, id: string) => async () => (await messagesOf(w.orgId, convId)).find((m) => m.id === id);

function statusWebhook(phoneNumberId: string, wamid: string, status: string) {
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "1",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "1", phone_number_id: phoneNumberId },
              statuses: [{ id: wamid, status, timestamp: nowSeconds(), recipient_id: ALICE.waId }],
            },
          },
        ],
      },
    ],
  });
}

describe("sending", () => {
  it("appends as queued and fans out at once, sends through the Graph API, then ticks move with status webhooks", async () => {
    const w = await workspace();
    const conv = await openConversation(w);
    const live = await socket(w.owner, `/api/live/conversations/${conv.id}?after=1`);
    await live.next((f) => f.t === "ready");
    const clientId = crypto.randomUUID();
    const res = await w.owner.browser.post(`/api/conversations/${conv.id}/messages`, {
      type: "text",
      clientId,
      text: "Yes! 2–3 days to Lisbon.",
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { message: Message }).message).toMatchObject({
      id: clientId,
      status: "queued",
      direction: "outbound",
      author: { id: w.owner.userId },
    });
    await live.next((f) => f.t === "message" && (f.message as Message).id === clientId);

    const sent = await until(async () =>
      (await sendsTo(w.phoneNumberId)).find((s) => s.body.biz_opaque_callback_data === `msg:${clientId}`),
    );
    expect(sent.body).toMatchObject({
      messaging_product: "whatsapp",
      to: ALICE.waId,
      type: "text",
      text: { body: "Yes! 2–3 days to Lisbon." },
    });
    await until(async () => (await messageIn(w, conv.id, clientId)())?.wamid === sent.wamid);

    for (const status of ["sent", "delivered", "read"]) {
      await postWebhook(statusWebhook(w.phoneNumberId, sent.wamid, status));
      await live.next((f) => f.t === "status" && f.messageId === clientId && f.status === status);
    }
    expect((await messageIn(w, conv.id, clientId)())?.status).toBe("read");
    const row = await conversationOf(w.orgId, ALICE.waId);
    expect(row).toMatchObject({ lastMessageDirection: "outbound", unreadCount: 0 });
    live.close();
  });

  it("pushes the conversation's new list row to every agent's inbox socket when an agent sends", async () => {
    const w = await workspace();
    const conv = await openConversation(w);
    const inbox = await socket(w.owner, "/api/live/inbox");
    await inbox.next((f) => f.t === "ready");
    const res = await w.owner.browser.post(`/api/conversations/${conv.id}/messages`, {
      type: "text",
      clientId: crypto.randomUUID(),
      text: "On its way today",
    });
    expect(res.status).toBe(201);
    const frame = await inbox.next(
      (f) => f.t === "conversations" && (f.conversations as { lastMessageDirection: string }[])[0]?.lastMessageDirection === "outbound",
    );
    expect((frame.conversations as unknown[])[0]).toMatchObject({
      id: conv.id,
      lastMessagePreview: "On its way today",
      waitingCount: 0,
      contact: { waId: ALICE.waId, name: "Alice Moreno" },
    });
    expect(await conversationOf(w.orgId, ALICE.waId)).toMatchObject({
      lastMessagePreview: "On its way today",
      lastMessageDirection: "outbound",
    });
    inbox.close();
  });

  it("repairs the inbox row on a resend when the first attempt's D1 write was lost", async () => {
    const w = await workspace();
    const conv = await openConversation(w);
    const body = { type: "text", clientId: crypto.randomUUID(), text: "Your order ships today" };
    expect((await w.owner.browser.post(`/api/conversations/${conv.id}/messages`, body)).status).toBe(201);
    const stored = await conversationOf(w.orgId, ALICE.waId);
    // As if the Worker died after the room stored the send and before D1 had it.
    await db()
      .update(conversations)
      .set({
        lastMessagePreview: conv.lastMessagePreview,
        lastMessageDirection: "inbound",
        messageCount: conv.messageCount,
        roomSeq: conv.roomSeq,
      })
      .where(eq(conversations.id, conv.id));

    const again = await w.owner.browser.post(`/api/conversations/${conv.id}/messages`, body);
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect(await conversationOf(w.orgId, ALICE.waId)).toMatchObject({
      lastMessagePreview: "Your order ships today",
      lastMessageDirection: "outbound",
      messageCount: stored.messageCount,
      roomSeq: stored.roomSeq,
    });
  });

  it("stores a double-clicked send once", async () => {
    const w = await workspace();
    const conv = await openConversation(w);
    const clientId = crypto.randomUUID();
    const body = { type: "text", clientId, text: "Only once" };
    const [a, b] = await Promise.all([
      w.owner.browser.post(`/api/conversations/${conv.id}/messages`, body),
      w.owner.browser.post(`/api/conversations/${conv.id}/messages`, body),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const again = await w.owner.browser.post(`/api/conversations/${conv.id}/messages`, body);
    expect(await again.json()).toMatchObject({ duplicate: true, message: { id: clientId } });
    expect((await messagesOf(w.orgId, conv.id)).filter((m) => m.id === clientId)).toHaveLength(1);
    await until(async () => (await sendsTo(w.phoneNumberId)).some((s) => s.body.biz_opaque_callback_data === `msg:${clientId}`));
    await new Promise((r) => setTimeout(r, 300));
    expect((await sendsTo(w.phoneNumberId)).filter((s) => s.body.biz_opaque_callback_data === `msg:${clientId}`)).toHaveLength(1);
  });

  it("answers a resend with the stored message even after the window closed meanwhile", async () => {
    const w = await workspace();
    const conv = await openConversation(w);
    const clientId = crypto.randomUUID();
    const body = { type: "text", clientId, text: "Sent while the window was open" };
    expect((await w.owner.browser.post(`/api/conversations/${conv.id}/messages`, body)).status).toBe(201);
    const sent = await until(async () =>
      (await sendsTo(w.phoneNumberId)).find((s) => s.body.biz_opaque_callback_data === `msg:${clientId}`),
    );
    // Meta: 131047, the window closed.
    const failed = JSON.parse(statusWebhook(w.phoneNumberId, sent.wamid, "failed")) as {
      entry: { changes: { value: { statuses: Record<string, unknown>[] } }[] }[];
    };
    failed.entry[0]!.changes[0]!.value.statuses[0]!.errors = [{ code: 131047, title: "Re-engagement message" }];
    await postWebhook(JSON.stringify(failed));
    const fresh = { type: "text", clientId: crypto.randomUUID(), text: "A new one" };
    expect((await w.owner.browser.post(`/api/conversations/${conv.id}/messages`, fresh)).status).toBe(422);

    const again = await w.owner.browser.post(`/api/conversations/${conv.id}/messages`, body);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true, message: { id: clientId } });
    expect((await messagesOf(w.orgId, conv.id)).filter((m) => m.direction === "outbound").map((m) => m.id)).toEqual([clientId]);
  });

  it("refuses free text outside the 24-hour window with 422 window_closed, storing nothing", async () => {
    const w = await workspace();
    await w.post("msg_01_text"); // written in June: the window closed long ago
    const conv = await conversationOf(w.orgId, ALICE.waId);
    const res = await w.owner.browser.post(`/api/conversations/${conv.id}/messages`, {
      type: "text",
      clientId: crypto.randomUUID(),
      text: "Hello?",
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: "window_closed", message: expect.stringContaining("template") } });
    expect(await messagesOf(w.orgId, conv.id)).toHaveLength(1);
    const summary = (await (await w.owner.browser.get(`/api/conversations/${conv.id}`)).json()) as {
      conversation: { windowClosesAt: number };
    };
    expect(summary.conversation.windowClosesAt).toBeLessThan(Date.now());
  });

  it("sends an approved template with its parameters outside the window", async () => {
    const w = await workspace();
    await w.post("msg_01_text");
    const conv = await conversationOf(w.orgId, ALICE.waId);
    expect((await w.owner.browser.post("/api/templates/sync")).status).toBe(200);
    const clientId = crypto.randomUUID();
    const res = await w.owner.browser.post(`/api/conversations/${conv.id}/messages`, {
      type: "template",
      clientId,
      name: "order_confirmation",
      language: "en_US",
      params: ["Alice", "#1042", "Friday"],
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { message: Message }).message.content).toMatchObject({
      type: "template",
      preview: "Hi Alice, thanks for your order #1042. It ships by Friday.",
    });
    const sent = await until(async () =>
      (await sendsTo(w.phoneNumberId)).find((s) => s.body.biz_opaque_callback_data === `msg:${clientId}`),
    );
    expect(sent.body).toMatchObject({
      type: "template",
      template: {
        name: "order_confirmation",
        language: { code: "en_US" },
        components: [{ type: "body", parameters: [{ text: "Alice" }, { text: "#1042" }, { text: "Friday" }] }],
      },
    });
    const wrong = await w.owner.browser.post(`/api/conversations/${conv.id}/messages`, {
      type: "template",
      clientId: crypto.randomUUID(),
      name: "order_confirmation",
      language: "en_US",
      params: ["Alice"],
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: { code: "template_params", message: "This template needs 3 parameters; got 1." } });
  });

  it("fails a send Meta refuses with its reason, and a retry sends it", async () => {
    const w = await workspace();
    const conv = await openConversation(w);
    await fetch(`${peer}/__peer/fail`, {
      method: "POST",
      body: JSON.stringify({ preset: "undeliverable", path: `/${w.phoneNumberId}/messages`, times: 1 }),
    });
    const clientId = crypto.randomUUID();
    await w.owner.browser.post(`/api/conversations/${conv.id}/messages`, { type: "text", clientId, text: "Are you there?" });
    const failed = await until(async () => {
      const m = await messageIn(w, conv.id, clientId)();
      return m?.status === "failed" ? m : null;
    });
    expect(failed.error).toMatchObject({
      code: 131026,
      title: expect.stringContaining("undeliverable"),
      details: expect.stringContaining("Unable to deliver"),
    });
    const retry = await w.owner.browser.post(`/api/conversations/${conv.id}/messages/${clientId}/retry`);
    expect(retry.status).toBe(200);
    await until(async () => (await messageIn(w, conv.id, clientId)())?.wamid);
    const again = await w.owner.browser.post(`/api/conversations/${conv.id}/messages/${clientId}/retry`);
    expect(again.status).toBe(409);
  });

  it("keeps private notes in the room and never sends them", async () => {
    const w = await workspace();
    const conv = await openConversation(w);
    const clientId = crypto.randomUUID();
    const res = await w.owner.browser.post(`/api/conversations/${conv.id}/notes`, { clientId, text: "VIP customer, be nice" });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { message: Message }).message).toMatchObject({
      direction: "internal",
      status: null,
      content: { type: "note" },
    });
    await new Promise((r) => setTimeout(r, 300));
    expect((await sendsTo(w.phoneNumberId)).some((s) => JSON.stringify(s.body).includes("VIP"))).toBe(false);
    expect((await conversationOf(w.orgId, ALICE.waId)).lastMessagePreview).toBe("Hi! Do you ship to Lisbon?");
  });

  it("takes a queue batch's permits from its number's limiter at once: what the second allows goes out, the rest are retried", async () => {
    const w = await workspace();
    const conv = await openConversation(w);
    // Three sends stored as queued straight in the room, so only this batch sends them.
    const room = roomStub(env.CONVERSATION_ROOM, w.orgId, conv.id);
    const ids: string[] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    for (const id of ids) {
      await room.appendOutbound({
        orgId: w.orgId,
        conversationId: conv.id,
        message: { id, phoneNumberId: w.phoneNumberId, content: { type: "text", body: `batch ${id}` } },
      });
    }
    // Early in a second, the number's limiter already has all but one of this second's sends counted.
    while (Date.now() % 1000 > 200) await new Promise((r) => setTimeout(r, 20));
    const limit = Number(env.SEND_RATE_PER_SECOND) || 80;
    expect(await env.RATE_LIMITER.getByName(`send:${w.phoneNumberId}`).take(limit - 1, limit, 1000)).toBe(limit - 1);

    const batch = createMessageBatch<SendJob>(
      "parley-jobs",
      ids.map((messageId, i) => ({
        id: `j${i}`,
        timestamp: Date.now(),
        attempts: 1,
        body: { kind: "message.send", orgId: w.orgId, conversationId: conv.id, messageId },
      })),
    );
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);

    expect(result.explicitAcks).toEqual(["j0"]);
    expect(result.retryMessages.map((r) => r.msgId)).toEqual(["j1", "j2"]);
    const sent = await sendsTo(w.phoneNumberId);
    expect(
      sent
        .filter(
          (s) =>
            String(s.body.biz_opaque_callback_data).startsWith("msg:") && ids.includes(String(s.body.biz_opaque_callback_data).slice(4)),
        )
        .map((s) => s.body.biz_opaque_callback_data),
    ).toEqual([`msg:${ids[0]}`]);
  });

  it("grants a batch at most what is left of the window, counting only what it grants", async () => {
    const limiter = env.RATE_LIMITER.getByName(`send:test-${crypto.randomUUID()}`);
    const t = 1_800_000_000_000;
    expect(await limiter.take(50, 80, 1000, t + 1)).toBe(50);
    expect(await limiter.take(50, 80, 1000, t + 2)).toBe(30);
    expect(await limiter.take(5, 80, 1000, t + 3)).toBe(0);
    // Each grant counts for exactly one window after it was made; refused permits were never counted.
    expect(await limiter.take(100, 80, 1000, t + 1001)).toBe(50);
    expect(await limiter.take(100, 80, 1000, t + 1002)).toBe(30);
  });

  it("never lets more than the limit through in any window, across what used to be a window boundary", async () => {
    const limiter = env.RATE_LIMITER.getByName(`send:test-${crypto.randomUUID()}`);
    const t = 1_800_000_000_000;
    // A fixed window would grant 80 at the end of one window and 80 more at the start of the next.
    expect(await limiter.take(80, 80, 1000, t + 999)).toBe(80);
    expect(await limiter.take(80, 80, 1000, t + 1000)).toBe(0);
    expect(await limiter.take(80, 80, 1000, t + 1998)).toBe(0);
    expect(await limiter.take(80, 80, 1000, t + 1999)).toBe(80);
    const login = env.RATE_LIMITER.getByName(`login:test-${crypto.randomUUID()}`);
    for (let i = 0; i < 10; i++) expect((await login.hit(10, 60_000, t + 59_000 + i)).allowed).toBe(true);
    const refused = await login.hit(10, 60_000, t + 60_000);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 59 });
    expect((await login.hit(10, 60_000, t + 119_000)).allowed).toBe(true);
  });

  it("limits sends per number exactly", async () => {
    const limiter = env.RATE_LIMITER.getByName(`send:test-${crypto.randomUUID()}`);
    const verdicts = [];
    const t = 1_800_000_000_000;
    for (let i = 0; i < 81; i++) verdicts.push(await limiter.hit(80, 1000, t + 10));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(80);
    expect(verdicts[80]).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect((await limiter.hit(80, 1000, t + 1010)).allowed).toBe(true);
  });
});
