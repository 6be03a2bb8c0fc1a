/**
 * What Parley already receives, exposed: click-to-WhatsApp ads on the conversation (first touch kept,
 * last touch updated), and a contact's reachability after Meta's 131026, cleared by their next message.
 */
import { describe, expect, it } from "vitest";
import { BOB, ALICE, contactsOf, conversationOf, createTenant, fixture, fixtureWamid, postWebhook, seedOutbound } from "../support/parley";
import { workspace } from "../support/live";
import { expectError } from "../support/api-errors";

const AD_WAMID = fixtureWamid("msg_26_text_referral_ctwa", "messages");

/** Bob writes from another ad (or none), `seconds` after the epoch, with a fresh wamid. */
function bobAgain(phoneNumberId: string, seconds: number, ad: string | null) {
  let body = fixture("msg_26_text_referral_ctwa", phoneNumberId)
    .replace(AD_WAMID, `wamid.again-${crypto.randomUUID()}`)
    .replace('"1781200300"', `"${seconds}"`);
  if (ad) body = body.replace('"120210847362519040"', `"${ad}"`).replace("Chat with us on WhatsApp", `Ad ${ad}`);
  else body = body.replace(/,\s*"referral": \{[\s\S]*?"welcome_message": \{[\s\S]*?\}\s*\}/, "");
  return postWebhook(body);
}

describe("click-to-WhatsApp attribution", () => {
  it("keeps the first ad, updates the last, ignores messages without one, and orders by WhatsApp time", async () => {
    const t = await createTenant();
    await t.post("msg_26_text_referral_ctwa"); // ad 120210847362519040 at …300
    await bobAgain(t.phoneNumberId, 1781200400, "ad_second");
    await bobAgain(t.phoneNumberId, 1781200500, null);
    let conv = await conversationOf(t.orgId, BOB.waId);
    expect(conv.firstReferral).toMatchObject({ sourceId: "120210847362519040", at: 1781200300_000 });
    expect(conv.referral).toMatchObject({ sourceId: "ad_second", headline: "Ad ad_second", at: 1781200400_000 });
    // An older ad's message arriving late is the first touch, not the last.
    await bobAgain(t.phoneNumberId, 1781200100, "ad_early");
    conv = await conversationOf(t.orgId, BOB.waId);
    expect(conv.firstReferral).toMatchObject({ sourceId: "ad_early" });
    expect(conv.referral).toMatchObject({ sourceId: "ad_second" });
  });

  it("is in GET /api/conversations/:id, and 404 to another organization", async () => {
    const w = await workspace();
    await w.post("msg_01_text");
    const plain = await conversationOf(w.orgId, ALICE.waId);
    expect(await (await w.owner.browser.get(`/api/conversations/${plain.id}`)).json()).toMatchObject({ attribution: null });

    await w.post("msg_26_text_referral_ctwa");
    await bobAgain(w.phoneNumberId, 1781200400, "ad_second");
    const conv = await conversationOf(w.orgId, BOB.waId);
    const res = await w.owner.browser.get(`/api/conversations/${conv.id}`);
    expect(await res.json()).toMatchObject({
      conversation: { id: conv.id },
      attribution: {
        firstTouch: {
          sourceId: "120210847362519040",
          sourceType: "ad",
          sourceUrl: "https://fb.me/3kZx9Qw7T",
          headline: "Chat with us on WhatsApp",
          body: expect.stringContaining("teapots"),
          ctwaClid: expect.stringMatching(/^ARAk/),
          mediaType: "image",
          imageUrl: expect.stringContaining("teapot_ad_1080"),
        },
        lastTouch: { sourceId: "ad_second" },
      },
    });
    const other = await workspace();
    await expectError(await other.owner.browser.get(`/api/conversations/${conv.id}`), 404, "conversation_not_found");
  });
});

const UNDELIVERABLE = fixtureWamid("status_07_failed_131026_undeliverable");
const FAILED_AT = 1781200450_000;

/** status_07 (131026) addressed to Alice, at `seconds`. */
const undeliverable = (phoneNumberId: string, seconds = 1781200450) =>
  postWebhook(
    fixture("status_07_failed_131026_undeliverable", phoneNumberId)
      .replace('"15550101010"', `"${ALICE.waId}"`)
      .replace('"1781200450"', `"${seconds}"`),
  );
const aliceWrites = (phoneNumberId: string, seconds: number) =>
  postWebhook(
    fixture("msg_01_text", phoneNumberId)
      .replace(fixtureWamid("msg_01_text", "messages"), `wamid.later-${crypto.randomUUID()}`)
      .replace('"1781200000"', `"${seconds}"`),
  );

describe("reachability after 131026", () => {
  it("flags the contact as possibly unreachable, and their next message clears it", async () => {
    const t = await createTenant();
    await t.post("msg_01_text");
    const conv = await conversationOf(t.orgId, ALICE.waId);
    await seedOutbound(t.orgId, conv.id, t.phoneNumberId, { wamid: UNDELIVERABLE });
    await undeliverable(t.phoneNumberId);
    expect((await contactsOf(t.orgId))[0]?.unreachableAt).toBe(FAILED_AT);
    await aliceWrites(t.phoneNumberId, 1781200600);
    expect((await contactsOf(t.orgId))[0]?.unreachableAt).toBeNull();
  });

  it("does not flag a customer whose message is newer than the failure", async () => {
    const t = await createTenant();
    await aliceWrites(t.phoneNumberId, 1781200600);
    const conv = await conversationOf(t.orgId, ALICE.waId);
    await seedOutbound(t.orgId, conv.id, t.phoneNumberId, { wamid: UNDELIVERABLE });
    await undeliverable(t.phoneNumberId); // at …450, before she wrote at …600
    expect((await contactsOf(t.orgId))[0]?.unreachableAt).toBeNull();
  });

  it("is in the contacts API", async () => {
    const w = await workspace();
    await w.post("msg_01_text");
    const conv = await conversationOf(w.orgId, ALICE.waId);
    await seedOutbound(w.orgId, conv.id, w.phoneNumberId, { wamid: UNDELIVERABLE });
    await undeliverable(w.phoneNumberId);
    const res = await w.owner.browser.get(`/api/contacts/${conv.contactId}`);
    expect(await res.json()).toMatchObject({ contact: { id: conv.contactId, unreachableAt: FAILED_AT } });
  });
});
