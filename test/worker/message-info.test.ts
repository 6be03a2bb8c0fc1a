/**
 * Message info: every status an outbound message reached keeps its time (even out of order), with the
 * pricing Meta's status webhooks carry, through the message API; org-scoped.
 */
import { describe, expect, it } from "vitest";
import {
  ALICE,
  BOB,
  conversationOf,
  createTenant,
  fixture,
  fixtureWamid,
  messagesOf,
  postWebhook,
  room,
  seedOutbound,
} from "../support/parley";
import { workspace, type Workspace } from "../support/live";
import { expectError } from "../support/api-errors";

const OUT_A = fixtureWamid("status_01_sent");
const SENT = 1781199400_000;
const DELIVERED = 1781199410_000;
const READ = 1781199500_000;

async function aliceWithReply(opts: { wamid?: string | null; id?: string } = {}) {
  const t = await createTenant();
  await t.post("msg_01_text");
  const conv = await conversationOf(t.orgId, ALICE.waId);
  const wamid = opts.wamid === null ? undefined : (opts.wamid ?? OUT_A);
  const reply = await seedOutbound(t.orgId, conv.id, t.phoneNumberId, { ...(wamid && { wamid }), ...(opts.id && { id: opts.id }) });
  const current = async () => (await messagesOf(t.orgId, conv.id)).find((m) => m.id === reply.id)!;
  return { ...t, conv, reply, current };
}

describe("message info", () => {
  it("keeps the time of every status, and Meta's pricing and conversation origin", async () => {
    const t = await aliceWithReply();
    await t.post("status_01_sent");
    await t.post("status_02_delivered");
    await t.post("status_03_read");
    expect(await t.current()).toMatchObject({
      status: "read",
      statusAt: READ,
      statusTimes: { sent: SENT, delivered: DELIVERED, read: READ },
      pricing: { category: "service", billable: false, model: "PMP", type: "free_customer_service", originType: "service" },
    });
  });

  it("records both times when read arrives before delivered, without moving the status back or adding a frame", async () => {
    const t = await aliceWithReply();
    await t.post("status_03_read");
    const seqAfterRead = (await room(t.orgId, t.conv.id).history({})).lastSeq;
    await t.post("status_02_delivered");
    await t.post("status_01_sent");
    await t.post("status_02_delivered"); // a repeat changes nothing
    expect(await t.current()).toMatchObject({
      status: "read",
      statusAt: READ,
      statusTimes: { sent: SENT, delivered: DELIVERED, read: READ },
      pricing: { category: "service", billable: false },
    });
    expect((await room(t.orgId, t.conv.id).history({})).lastSeq).toBe(seqAfterRead);
  });

  it("records both times when one POST carries delivered before sent", async () => {
    const t = await createTenant();
    await t.post("msg_03_text_forwarded"); // Bob
    const conv = await conversationOf(t.orgId, BOB.waId);
    const reply = await seedOutbound(t.orgId, conv.id, t.phoneNumberId, { wamid: fixtureWamid("status_09_batch_delivered_before_sent") });
    await t.post("status_09_batch_delivered_before_sent");
    expect((await messagesOf(t.orgId, conv.id)).find((m) => m.id === reply.id)).toMatchObject({
      status: "delivered",
      statusTimes: { delivered: 1781200475_000, sent: 1781200470_000 },
      pricing: { category: "service", originType: "service" },
    });
  });

  it("keeps the times and pricing of statuses held until the send's wamid is known", async () => {
    const t = await aliceWithReply({ wamid: null });
    await t.post("status_01_sent");
    await t.post("status_02_delivered");
    const frames = await room(t.orgId, t.conv.id).recordWamid(t.reply.id, OUT_A);
    expect(frames.at(-1)).toMatchObject({
      t: "status",
      status: "delivered",
      statusTimes: { sent: SENT, delivered: DELIVERED },
      pricing: { category: "service" },
    });
    expect(await t.current()).toMatchObject({ statusTimes: { sent: SENT, delivered: DELIVERED }, pricing: { billable: false } });
  });

  it("keeps the failure's time and Meta's error beside the earlier statuses", async () => {
    const t = await createTenant();
    await t.post("msg_11_location");
    const conv = await conversationOf(t.orgId, ALICE.waId);
    const wamid = fixtureWamid("status_06_failed_131050_marketing_stopped");
    const reply = await seedOutbound(t.orgId, conv.id, t.phoneNumberId, { wamid });
    await postWebhook(
      fixture("status_01_sent", t.phoneNumberId)
        .replace(OUT_A, wamid)
        .replace(/"biz_opaque_callback_data": "[^"]*",/, ""),
    );
    await t.post("status_06_failed_131050_marketing_stopped");
    expect((await messagesOf(t.orgId, conv.id)).find((m) => m.id === reply.id)).toMatchObject({
      status: "failed",
      statusTimes: { sent: SENT, failed: 1781200440_000 },
      error: { code: 131050 },
    });
  });
});

describe("GET /api/conversations/:id/messages/:messageId", () => {
  async function repliedTo(w: Workspace) {
    await w.post("msg_01_text");
    const conv = await conversationOf(w.orgId, ALICE.waId);
    const reply = await seedOutbound(w.orgId, conv.id, w.phoneNumberId, { wamid: OUT_A });
    await w.post("status_01_sent");
    await w.post("status_03_read");
    return { conv, reply };
  }

  it("answers the message with its status times and pricing", async () => {
    const w = await workspace();
    const { conv, reply } = await repliedTo(w);
    const res = await w.owner.browser.get(`/api/conversations/${conv.id}/messages/${reply.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      message: { id: reply.id, status: "read", statusTimes: { sent: SENT, read: READ }, pricing: { category: "service", billable: false } },
    });
    await expectError(await w.owner.browser.get(`/api/conversations/${conv.id}/messages/nope`), 404, "message_not_found");
  });

  it("is 404 to another organization", async () => {
    const a = await workspace();
    const b = await workspace();
    const { conv, reply } = await repliedTo(b);
    await expectError(await a.owner.browser.get(`/api/conversations/${conv.id}/messages/${reply.id}`), 404, "conversation_not_found");
  });
});
