import { describe, expect, it } from "vitest";
import {
  ALICE,
  BOB,
  contactsOf,
  conversationOf,
  conversationsOf,
  createTenant,
  fixture,
  fixtureWamid,
  postWebhook,
  messagesOf,
  room,
  seedOutbound,
} from "../support/parley";

const OUT_A = fixtureWamid("status_01_sent");

/** A tenant where Alice wrote once and the business answered with OUT_A. */
async function aliceWithReply(opts: { wamid?: string | null; id?: string } = {}) {
  const t = await createTenant();
  await t.post("msg_01_text");
  const conv = await conversationOf(t.orgId, ALICE.waId);
  const wamid = opts.wamid === null ? undefined : (opts.wamid ?? OUT_A);
  const reply = await seedOutbound(t.orgId, conv.id, t.phoneNumberId, { ...(wamid && { wamid }), ...(opts.id && { id: opts.id }) });
  const current = async () => (await messagesOf(t.orgId, conv.id)).find((m) => m.id === reply.id)!;
  return { ...t, conv, reply, current };
}

describe("delivery statuses", () => {
  it("move forward: queued → sent → delivered → read", async () => {
    const t = await aliceWithReply();
    expect((await t.current()).status).toBe("queued");
    await t.post("status_01_sent");
    expect(await t.current()).toMatchObject({ status: "sent", statusAt: 1781199400_000 });
    await t.post("status_02_delivered");
    expect((await t.current()).status).toBe("delivered");
    await t.post("status_03_read");
    expect(await t.current()).toMatchObject({ status: "read", statusAt: 1781199500_000 });
  });

  it("write nothing to D1: a delivery status changes neither the contact nor the inbox row", async () => {
    const t = await aliceWithReply();
    const [contactBefore] = await contactsOf(t.orgId);
    const rowBefore = await conversationOf(t.orgId, ALICE.waId);
    await new Promise((r) => setTimeout(r, 5));
    expect(await (await t.post("status_02_delivered")).json()).toMatchObject({ statusesApplied: 1 });
    expect((await t.current()).status).toBe("delivered");
    expect((await contactsOf(t.orgId))[0]).toEqual(contactBefore);
    expect(await conversationOf(t.orgId, ALICE.waId)).toEqual(rowBefore);
  });

  it("never move backwards, and a repeat changes nothing", async () => {
    const t = await aliceWithReply();
    await t.post("status_03_read");
    const seqAfterRead = (await room(t.orgId, t.conv.id).history({})).lastSeq;
    await t.post("status_02_delivered");
    await t.post("status_01_sent");
    await t.post("status_03_read");
    expect((await t.current()).status).toBe("read");
    expect((await room(t.orgId, t.conv.id).history({})).lastSeq).toBe(seqAfterRead);
  });

  it("apply in order when one POST carries them out of order", async () => {
    const t = await createTenant();
    await t.post("msg_03_text_forwarded"); // Bob
    const conv = await conversationOf(t.orgId, BOB.waId);
    const reply = await seedOutbound(t.orgId, conv.id, t.phoneNumberId, { wamid: fixtureWamid("status_09_batch_delivered_before_sent") });
    expect((await t.post("status_09_batch_delivered_before_sent")).status).toBe(200);
    expect((await messagesOf(t.orgId, conv.id)).find((m) => m.id === reply.id)?.status).toBe("delivered");
  });

  it("are held until their message exists, then applied", async () => {
    const t = await aliceWithReply({ wamid: null });
    const res = await t.post("status_02_delivered");
    expect(await res.json()).toMatchObject({ statusesHeld: 1 });
    expect((await t.current()).status).toBe("queued");
    const frames = await room(t.orgId, t.conv.id).recordWamid(t.reply.id, OUT_A);
    expect(frames).toEqual([expect.objectContaining({ t: "status", status: "delivered", messageId: t.reply.id })]);
    expect((await t.current()).status).toBe("delivered");
  });

  it("find their message by Parley's id in biz_opaque_callback_data before the wamid is recorded", async () => {
    const t = await aliceWithReply({ wamid: null, id: "7f3c2a10-1b8e-4c55-9a0e-2f6d9c1e8b44" });
    await t.post("status_01_sent");
    expect(await t.current()).toMatchObject({ status: "sent", wamid: OUT_A });
  });

  it("played follows read for a voice note", async () => {
    const t = await aliceWithReply({ wamid: fixtureWamid("status_04_played_voice") });
    await t.post("status_04_played_voice");
    expect((await t.current()).status).toBe("played");
  });

  it("failed is terminal and keeps Meta's error", async () => {
    const t = await createTenant();
    await t.post("msg_11_location");
    const conv = await conversationOf(t.orgId, ALICE.waId);
    const reply = await seedOutbound(t.orgId, conv.id, t.phoneNumberId, {
      wamid: fixtureWamid("status_06_failed_131050_marketing_stopped"),
    });
    await t.post("status_06_failed_131050_marketing_stopped");
    const failed = (await messagesOf(t.orgId, conv.id)).find((m) => m.id === reply.id)!;
    expect(failed).toMatchObject({ status: "failed", error: { code: 131050, title: expect.any(String) } });
  });

  it("131050 puts the contact on the marketing opt-out list", async () => {
    const t = await createTenant();
    await t.post("msg_11_location");
    const conv = await conversationOf(t.orgId, ALICE.waId);
    await seedOutbound(t.orgId, conv.id, t.phoneNumberId, { wamid: fixtureWamid("status_06_failed_131050_marketing_stopped") });
    await t.post("status_06_failed_131050_marketing_stopped");
    const [alice] = await contactsOf(t.orgId);
    expect(alice?.marketingOptOutAt).toBe(1781200440_000);
  });

  it("131047 closes the 24-hour window until the customer writes again", async () => {
    const t = await createTenant();
    await t.post("msg_03_text_forwarded"); // Bob, at …
    const conv = await conversationOf(t.orgId, BOB.waId);
    await seedOutbound(t.orgId, conv.id, t.phoneNumberId, { wamid: fixtureWamid("status_05_failed_131047_reengagement") });
    await t.post("status_05_failed_131047_reengagement");
    expect((await conversationOf(t.orgId, BOB.waId)).windowClosedAt).toBe(1781200430_000);
    await t.post("msg_16_template_button_quick_reply"); // Bob's older message arriving late: still closed
    expect((await conversationOf(t.orgId, BOB.waId)).windowClosedAt).toBe(1781200430_000);
    const later = fixture("msg_23_request_welcome", t.phoneNumberId).replace('"1781200270"', '"1781200999"');
    await postWebhook(later); // Bob writes again after the failure
    expect((await conversationOf(t.orgId, BOB.waId)).windowClosedAt).toBeNull();
  });

  it("for a wamid that never existed: acknowledged, nothing created", async () => {
    const t = await createTenant();
    const res = await t.post("status_08_unknown_wamid");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ statusesHeld: 1, stored: 0 });
    expect(await conversationsOf(t.orgId)).toEqual([]);
    expect(await contactsOf(t.orgId)).toEqual([]);
  });

  it("from a customer of another tenant never reach this tenant's rooms", async () => {
    const a = await aliceWithReply();
    const b = await createTenant();
    await b.post("msg_01_text");
    await b.post("status_03_read");
    expect((await a.current()).status).toBe("queued");
  });
});

describe("marketing preferences (user_preferences webhook)", () => {
  it("stop opts the contact out; a later resume opts back in", async () => {
    const t = await createTenant();
    await t.post("msg_01_text");
    await t.post("field_01_user_preferences_stop");
    expect((await contactsOf(t.orgId))[0]?.marketingOptOutAt).toBe(1781200500_000);
    await t.post("field_02_user_preferences_resume");
    expect((await contactsOf(t.orgId))[0]?.marketingOptOutAt).toBeNull();
  });

  it("an older stop arriving late does not undo a newer resume", async () => {
    const t = await createTenant();
    await t.post("msg_01_text");
    await t.post("field_02_user_preferences_resume");
    await t.post("field_01_user_preferences_stop");
    // resume (…800) is newer than stop (…500): the stop that arrives late must not win.
    expect((await contactsOf(t.orgId))[0]?.marketingOptOutAt).toBeNull();
  });

  it("records a stop from a customer never seen before", async () => {
    const t = await createTenant();
    await t.post("field_01_user_preferences_stop");
    const contacts = await contactsOf(t.orgId);
    expect(contacts).toEqual([expect.objectContaining({ waId: ALICE.waId, marketingOptOutAt: 1781200500_000 })]);
  });
});
