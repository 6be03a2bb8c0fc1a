import { describe, expect, it } from "vitest";
import { ALICE, allMessagesOf, contactsOf, conversationOf, conversationsOf, createTenant } from "../support/parley";

/** One fixture per inbound type, and what must be stored for it. */
const cases: [fixture: string, content: Record<string, unknown>, context?: Record<string, unknown>][] = [
  ["msg_01_text", { type: "text", body: "Hi! Do you ship to Lisbon?" }],
  [
    "msg_02_text_reply_context",
    { type: "text" },
    { quotedWamid: "wamid.HBgLMTU1NTEyMzQ1NjcVAgARGBI4RTc0NDAxMUUwNkZFOUE5RTcA", quotedFrom: "15550783881" },
  ],
  ["msg_03_text_forwarded", { type: "text" }, { forwarded: true }],
  ["msg_04_text_frequently_forwarded", { type: "text" }, { forwarded: true, frequentlyForwarded: true }],
  [
    "msg_05_image",
    {
      type: "image",
      mediaId: "1026426275329714",
      mimeType: "image/jpeg",
      sha256: "MyuI/k183zHxc/J4uiVJyZg5kA7C4hdKZyjVZ5ObzlY=",
      caption: "This is the scratch on the box",
    },
  ],
  ["msg_06_audio_voice", { type: "audio", voice: true, mimeType: "audio/ogg; codecs=opus" }],
  ["msg_07_video", { type: "video", caption: "Unboxing - the lid was already open", mimeType: "video/mp4" }],
  ["msg_08_document", { type: "document", filename: "invoice-1042.pdf", caption: "Invoice for order 1042" }],
  ["msg_09_sticker_animated", { type: "sticker", animated: true, mimeType: "image/webp" }],
  [
    "msg_11_location",
    {
      type: "location",
      latitude: 38.7097811,
      longitude: -9.1366972,
      name: "Praca do Comercio",
      address: "Praca do Comercio, 1100-148 Lisboa, Portugal",
    },
  ],
  [
    "msg_12_interactive_button_reply",
    { type: "interactive", replyType: "button_reply", id: expect.any(String), title: expect.any(String) },
  ],
  ["msg_13_interactive_list_reply", { type: "interactive", replyType: "list_reply", description: expect.any(String) }],
  [
    "msg_14_interactive_nfm_reply_flow",
    {
      type: "interactive",
      replyType: "nfm_reply",
      flowName: "flow",
      flowResponse: {
        flow_token: "parley-flow-7f3c2a10-feedback",
        rating: "4",
        comment: "Fast delivery, box slightly dented",
        recommend: true,
      },
    },
  ],
  [
    "msg_15_interactive_nfm_reply_malformed_json",
    { type: "interactive", replyType: "nfm_reply", flowResponse: null, flowResponseRaw: expect.stringContaining("unterminated") },
  ],
  ["msg_16_template_button_quick_reply", { type: "button", text: "Reschedule", payload: "RESCHEDULE_DELIVERY_1042" }],
  [
    "msg_20_order",
    {
      type: "order",
      catalogId: "418273645501928",
      text: "Please deliver after 6pm",
      currency: "EUR",
      // 2 × 12.50 + 1 × 34.99, in cents: no float ever reaches storage.
      totalMinor: 5999,
      items: [
        { productRetailerId: "SKU-MUG-BLUE", quantity: 2, itemPriceMinor: 1250, currency: "EUR" },
        { productRetailerId: "SKU-TEAPOT-01", quantity: 1, itemPriceMinor: 3499, currency: "EUR" },
      ],
    },
  ],
  ["msg_21_system_user_changed_number", { type: "system", systemType: "user_changed_number", newWaId: "15559876543" }],
  ["msg_22_system_user_changed_user_id", { type: "system", systemType: "user_changed_user_id", newUserId: expect.stringMatching(/^US\./) }],
  ["msg_23_request_welcome", { type: "request_welcome" }],
  ["msg_24_unsupported", { type: "unsupported", originalType: "unsupported", errors: [expect.objectContaining({ code: 131051 })] }],
  [
    "msg_25_unknown_type_hologram",
    { type: "unsupported", originalType: "hologram", raw: expect.objectContaining({ hologram: expect.objectContaining({ frames: 24 }) }) },
  ],
  [
    "msg_30_text_html_and_template_literals",
    {
      type: "text",
      body: expect.stringContaining("<script>alert(1)</script> <img src=x onerror=alert(2)> Hello {{1}}, your total is ${x}"),
    },
  ],
];

describe("inbound message types", () => {
  it.each(cases)("%s is stored with its typed fields", async (name, content, context) => {
    const t = await createTenant();
    const res = await t.post(name);
    expect(res.status).toBe(200);
    const messages = await allMessagesOf(t.orgId);
    expect(messages).toHaveLength(1);
    const [m] = messages;
    expect(m).toMatchObject({ seq: 1, direction: "inbound", wamid: expect.stringMatching(/^wamid\./), content });
    expect(m!.waTimestamp).toBeGreaterThan(1_700_000_000_000);
    if (context) expect(m!.context).toMatchObject(context);
  });

  it("keeps the contact card's people out of the CRM", async () => {
    const t = await createTenant();
    await t.post("msg_10_contacts_card");
    const [m] = await allMessagesOf(t.orgId);
    expect(m?.content).toMatchObject({
      type: "contacts",
      contacts: [expect.objectContaining({ name: expect.objectContaining({ formatted_name: "Marta Silva" }) }), expect.anything()],
    });
    const contacts = await contactsOf(t.orgId);
    expect(contacts.map((c) => c.waId)).toEqual([ALICE.waId]);
  });

  it("marks media as pending download", async () => {
    const t = await createTenant();
    await t.post("msg_07_video");
    const [m] = await allMessagesOf(t.orgId);
    expect(m?.media?.state).toMatch(/pending|failed|stored/);
  });

  it("keeps click-to-WhatsApp ad attribution on the conversation", async () => {
    const t = await createTenant();
    await t.post("msg_26_text_referral_ctwa");
    const [conv] = await conversationsOf(t.orgId);
    const ad = { sourceType: "ad", sourceId: "120210847362519040", ctwaClid: expect.any(String), headline: "Chat with us on WhatsApp" };
    expect(conv?.referral).toMatchObject({ ...ad, at: 1781200300_000, sourceUrl: "https://fb.me/3kZx9Qw7T", mediaType: "image" });
    expect(conv?.firstReferral).toEqual(conv?.referral);
  });

  it("updates the conversation and contact in D1", async () => {
    const t = await createTenant();
    await t.post("msg_01_text");
    await t.post("msg_11_location");
    const conv = await conversationOf(t.orgId, ALICE.waId);
    expect(conv).toMatchObject({
      messageCount: 2,
      unreadCount: 2,
      roomSeq: 2,
      lastMessageSeq: 2,
      lastMessagePreview: "📍 Praca do Comercio",
      lastMessageDirection: "inbound",
      lastInboundAt: 1781200180_000,
      lastMessageAt: 1781200180_000,
      phoneNumberId: t.phoneNumberId,
    });
    const [contact] = await contactsOf(t.orgId);
    expect(contact).toMatchObject({ waId: ALICE.waId, userId: ALICE.userId, profileName: "Alice Moreno" });
  });
});

describe("customer identity", () => {
  it('finds a username user (blank phone) by business-scoped user id, and treats "" as absent', async () => {
    const t = await createTenant();
    await t.post("msg_27_text_username_user_empty_from");
    await t.post("msg_22_system_user_changed_user_id");
    const contacts = await contactsOf(t.orgId);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ waId: null });
    expect(contacts[0]!.userId).toMatch(/^US\./);
    expect(contacts[0]!.userId).not.toBe("US.73019248561037284910");
    expect(await allMessagesOf(t.orgId)).toHaveLength(2);
  });

  it("accepts a message whose from is omitted", async () => {
    const t = await createTenant();
    expect((await t.post("msg_28_text_from_omitted_bsuid_only")).status).toBe(200);
    const [contact] = await contactsOf(t.orgId);
    expect(contact).toMatchObject({ waId: null, userId: "US.55201938476610293847" });
  });

  it("links a phone-only history to the same contact once Meta sends the user id too", async () => {
    const t = await createTenant();
    await t.post("msg_01_text"); // phone only
    await t.post("msg_05_image"); // phone + user id
    const contacts = await contactsOf(t.orgId);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ waId: ALICE.waId, userId: ALICE.userId });
    expect(await conversationsOf(t.orgId)).toHaveLength(1);
  });

  it("user_changed_number moves the same contact to the new number", async () => {
    const t = await createTenant();
    await t.post("msg_01_text");
    await t.post("msg_21_system_user_changed_number");
    const contacts = await contactsOf(t.orgId);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]!.waId).toBe("15559876543");
    const [conv] = await conversationsOf(t.orgId);
    expect(conv?.messageCount).toBe(2);
  });
});
