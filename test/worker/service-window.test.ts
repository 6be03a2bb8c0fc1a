/**
 * Meta's 24-hour customer-service window counts from the customer's last message. System notices
 * (a new number, a new user id) and every other event that is not a message from the customer are
 * stored in the conversation but neither open nor extend it.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversations } from "../../db/schema";
import {
  ALICE,
  BOB,
  conversationOf,
  createTenant,
  db,
  fixture,
  fixtureWamid,
  messagesOf,
  postWebhook,
  seedOutbound,
} from "../support/parley";

const ALICE_WROTE_AT = 1781200000_000; // msg_01
const NUMBER_CHANGED_AT = 1781200260_000; // msg_21

describe("the customer-service window", () => {
  it("is not opened or extended by a user_changed_number notice, which is still stored and shown", async () => {
    const t = await createTenant();
    await t.post("msg_01_text");
    await t.post("msg_21_system_user_changed_number");
    const conv = await conversationOf(t.orgId, "15559876543");
    expect(conv).toMatchObject({
      lastInboundAt: ALICE_WROTE_AT,
      messageCount: 2,
      // Waiting for an answer: Alice's one message, not the notice.
      unreadCount: 1,
      lastMessagePreview: expect.stringContaining("changed"),
      lastMessageAt: NUMBER_CHANGED_AT,
    });
    const messages = await messagesOf(t.orgId, conv.id);
    expect(messages.map((m) => m.content.type)).toEqual(["text", "system"]);
  });

  it("is not opened by a user_changed_user_id notice from a customer who never wrote", async () => {
    const t = await createTenant();
    await t.post("msg_22_system_user_changed_user_id");
    const [conv] = await db().select().from(conversations).where(eq(conversations.orgId, t.orgId));
    expect(conv).toMatchObject({ messageCount: 1, lastInboundAt: null, unreadCount: 0 });
  });

  it("stays closed after Meta's 131047 when only a system notice follows", async () => {
    const t = await createTenant();
    await t.post("msg_03_text_forwarded"); // Bob
    const conv = await conversationOf(t.orgId, BOB.waId);
    await seedOutbound(t.orgId, conv.id, t.phoneNumberId, { wamid: fixtureWamid("status_05_failed_131047_reengagement") });
    await t.post("status_05_failed_131047_reengagement"); // at …430
    const closedAt = 1781200430_000;
    // A notice for Bob, after the failure.
    const notice = fixture("msg_21_system_user_changed_number", t.phoneNumberId)
      .replaceAll(ALICE.waId, BOB.waId)
      .replaceAll(ALICE.userId, BOB.userId)
      .replace('"1781200260"', '"1781200900"');
    await postWebhook(notice);
    expect(await conversationOf(t.orgId, "15559876543")).toMatchObject({ windowClosedAt: closedAt, lastInboundAt: 1781200040_000 });
  });

  it("a system notice does not bring a closed conversation back to the inbox; a customer message does", async () => {
    const t = await createTenant();
    await t.post("msg_01_text");
    const conv = await conversationOf(t.orgId, ALICE.waId);
    await db().update(conversations).set({ state: "closed" }).where(eq(conversations.id, conv.id));
    await t.post("msg_21_system_user_changed_number");
    expect((await conversationOf(t.orgId, "15559876543")).state).toBe("closed");
    // Alice, from her new number.
    await postWebhook(
      fixture("msg_01_text", t.phoneNumberId)
        .replaceAll(ALICE.waId, "15559876543")
        .replace(fixtureWamid("msg_01_text", "messages"), "wamid.from-new-number")
        .replace('"1781200000"', '"1781200300"'),
    );
    expect(await conversationOf(t.orgId, "15559876543")).toMatchObject({ state: "open", lastInboundAt: 1781200300_000, unreadCount: 2 });
  });
});
