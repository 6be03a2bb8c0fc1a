import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversations } from "../../db/schema";
import {
  ALICE,
  BOB,
  allMessagesOf,
  contactsOf,
  conversationOf,
  conversationsOf,
  createTenant,
  db,
  fixture,
  fixtureWamid,
  messagesOf,
  postWebhook,
  seedOutbound,
} from "../support/parley";

describe("batched webhooks", () => {
  it("stores every message of a batch, each attributed by its own sender", async () => {
    const t = await createTenant();
    const res = await t.post("batch_01_three_messages_two_contacts");
    expect(await res.json()).toMatchObject({ stored: 3, duplicates: 0, conversations: 2 });
    const alice = await conversationOf(t.orgId, ALICE.waId);
    const bob = await conversationOf(t.orgId, BOB.waId);
    expect((await messagesOf(t.orgId, alice.id)).map((m) => m.content.type === "text" && m.content.body)).toEqual([
      "Second question: is there a warranty?",
      "And can I pay on delivery?",
    ]);
    expect((await messagesOf(t.orgId, bob.id)).map((m) => m.content.type)).toEqual(["image"]);
    expect((await contactsOf(t.orgId)).map((c) => [c.waId, c.profileName]).sort()).toEqual([
      [ALICE.waId, "Alice Moreno"],
      [BOB.waId, "Bob Okafor"],
    ]);
  });

  it("handles many entries and changes, ignoring the order of contacts[]", async () => {
    const t = await createTenant();
    const body = JSON.parse(fixture("batch_02_two_entries_mixed_contacts_order")) as {
      entry: { changes: { value: { messages?: { from: string; id: string; type: string }[] } }[] }[];
    };
    // Reactions change another message rather than adding one.
    const expected = body.entry.flatMap((e) => e.changes.flatMap((c) => c.value.messages ?? [])).filter((m) => m.type !== "reaction");
    expect((await t.post("batch_02_two_entries_mixed_contacts_order")).status).toBe(200);
    const contacts = await contactsOf(t.orgId);
    for (const m of expected) {
      const contact = contacts.find((c) => c.waId === m.from)!;
      const conv = (await conversationsOf(t.orgId)).find((c) => c.contactId === contact.id)!;
      expect((await messagesOf(t.orgId, conv.id)).map((x) => x.wamid)).toContain(m.id);
    }
    expect(await allMessagesOf(t.orgId)).toHaveLength(expected.length);
  });

  it("stores a retried message once, even inside a different body", async () => {
    const t = await createTenant();
    await t.post("msg_01_text");
    const res = await t.post("batch_03_duplicate_of_msg_01");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await allMessagesOf(t.orgId)).toHaveLength(1);
    expect((await conversationOf(t.orgId, ALICE.waId)).messageCount).toBe(1);
  });

  it("gives gap-free sequence numbers under concurrent POSTs for one conversation", async () => {
    const t = await createTenant();
    const template = fixture("msg_01_text", t.phoneNumberId);
    const wamid = fixtureWamid("msg_01_text", "messages");
    const bodies = Array.from({ length: 25 }, (_, i) => template.replace(wamid, `${wamid}-${i}`).replace("Lisbon?", `Lisbon? #${i}`));
    const results = await Promise.all(bodies.map((b) => postWebhook(b)));
    expect(results.map((r) => r.status)).toEqual(bodies.map(() => 200));
    await Promise.all(bodies.map((b) => postWebhook(b))); // and Meta retries them all
    const conv = await conversationOf(t.orgId, ALICE.waId);
    const messages = await messagesOf(t.orgId, conv.id);
    expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(new Set(messages.map((m) => m.wamid)).size).toBe(25);
    expect(conv).toMatchObject({ messageCount: 25, unreadCount: 25, roomSeq: 25 });
  });

  it("repairs a D1 row a crash left stale when Meta retries", async () => {
    const t = await createTenant();
    await t.post("msg_01_text");
    await t.post("msg_11_location");
    const conv = await conversationOf(t.orgId, ALICE.waId);
    // As if the Worker died after the room committed but before D1 was written.
    await db().update(conversations).set({ messageCount: 1, roomSeq: 1, lastMessagePreview: "stale" }).where(eq(conversations.id, conv.id));
    await t.post("msg_11_location");
    expect(await conversationOf(t.orgId, ALICE.waId)).toMatchObject({
      messageCount: 2,
      roomSeq: 2,
      lastMessagePreview: "📍 Praca do Comercio",
    });
    await db().delete(conversations).where(eq(conversations.id, conv.id));
    await t.post("msg_01_text");
    expect(await conversationOf(t.orgId, ALICE.waId)).toMatchObject({ messageCount: 2, roomSeq: 2 });
  });
});

describe("what is acknowledged and not stored", () => {
  it("a number no organization has connected: 200, nothing stored anywhere", async () => {
    const t = await createTenant();
    const before = await env.DB.prepare("SELECT (SELECT count(*) FROM contacts) AS c, (SELECT count(*) FROM conversations) AS v").first();
    const res = await postWebhook(fixture("unknown_01_phone_number_id"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ unknownNumbers: ["999999999999999"], stored: 0 });
    const after = await env.DB.prepare("SELECT (SELECT count(*) FROM contacts) AS c, (SELECT count(*) FROM conversations) AS v").first();
    expect(after).toEqual(before);
    expect(await contactsOf(t.orgId)).toEqual([]);
  });

  it.each(["object_01_not_whatsapp_page", "field_03_template_status_approved", "field_04_unhandled_account_update"])(
    "%s: 200, nothing stored",
    async (name) => {
      const t = await createTenant();
      const res = await t.post(name);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ stored: 0, conversations: 0 });
      expect(await contactsOf(t.orgId)).toEqual([]);
    },
  );
});

describe("reactions", () => {
  async function aliceWithReply() {
    const t = await createTenant();
    await t.post("msg_01_text");
    const conv = await conversationOf(t.orgId, ALICE.waId);
    const reply = await seedOutbound(t.orgId, conv.id, t.phoneNumberId, { wamid: fixtureWamid("status_01_sent") });
    const current = async () => (await messagesOf(t.orgId, conv.id)).find((m) => m.id === reply.id)!;
    return { ...t, conv, current };
  }

  it("set the customer's reaction on the target message, not a new bubble", async () => {
    const t = await aliceWithReply();
    const before = (await conversationOf(t.orgId, ALICE.waId)).messageCount;
    await t.post("msg_17_reaction_set");
    expect((await t.current()).reactions).toEqual({ customer: "👍" });
    expect(await messagesOf(t.orgId, t.conv.id)).toHaveLength(2);
    expect((await conversationOf(t.orgId, ALICE.waId)).messageCount).toBe(before);
  });

  it.each(["msg_18_reaction_removed_empty_emoji", "msg_19_reaction_removed_no_emoji"])("are removed by %s", async (removal) => {
    const t = await aliceWithReply();
    await t.post("msg_17_reaction_set");
    await t.post(removal);
    expect((await t.current()).reactions).toEqual({});
    await t.post("msg_17_reaction_set"); // Meta retries the older "set": the removal stands
    expect((await t.current()).reactions).toEqual({});
  });

  it("wait for a target message that is not stored yet", async () => {
    const t = await createTenant();
    await t.post("msg_01_text");
    await t.post("msg_17_reaction_set");
    const conv = await conversationOf(t.orgId, ALICE.waId);
    const reply = await seedOutbound(t.orgId, conv.id, t.phoneNumberId, { wamid: fixtureWamid("status_01_sent") });
    expect(reply.reactions).toEqual({ customer: "👍" });
  });
});

describe("tenants", () => {
  it("the same customer writing to two organizations gets two separate contacts and logs", async () => {
    const a = await createTenant("A");
    const b = await createTenant("B");
    await a.post("msg_01_text");
    await b.post("msg_11_location");
    const [ca] = await contactsOf(a.orgId);
    const [cb] = await contactsOf(b.orgId);
    expect(ca?.id).not.toBe(cb?.id);
    expect((await allMessagesOf(a.orgId)).map((m) => m.content.type)).toEqual(["text"]);
    expect((await allMessagesOf(b.orgId)).map((m) => m.content.type)).toEqual(["location"]);
  });
});
