/**
 * What a contact holds and how it is edited: activity kept from the conversation rows, earlier numbers
 * kept when WhatsApp reports a new one, field-by-field edits with versions that reach every agent live,
 * and bad input refused with a field-level message and nothing stored changed.
 */
import { describe, expect, it } from "vitest";
import type { ContactView } from "../../db/contact-view";
import { addMember } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { socket, workspace } from "../support/live";
import { ALICE, contactsOf, conversationOf } from "../support/parley";

async function aliceIn() {
  const w = await workspace();
  expect((await w.post("msg_01_text")).status).toBe(200);
  const contact = (await contactsOf(w.orgId)).find((c) => c.waId === ALICE.waId)!;
  return { ...w, contactId: contact.id };
}

const getContact = async (w: Awaited<ReturnType<typeof aliceIn>>) =>
  (await expectJson<{ contact: ContactView }>(await w.owner.browser.get(`/api/contacts/${w.contactId}`))).contact;

describe("a contact's activity", () => {
  it("is kept from its conversation: first/last inbound, last outbound, conversation count", async () => {
    const w = await aliceIn();
    const conv = await conversationOf(w.orgId, ALICE.waId);
    const c = await getContact(w);
    expect(c.conversationCount).toBe(1);
    expect(c.firstInboundAt).toBe(conv.lastInboundAt);
    expect(c.lastInboundAt).toBe(conv.lastInboundAt);
    expect(c.lastOutboundAt).toBeNull();
    expect(c.numbers).toEqual([ALICE.waId]);
    expect(c.marketingStatus).toBe("unknown");
    expect(c.stage).toBeNull();
  });

  it("keeps the old number when WhatsApp reports a new one, current first", async () => {
    const w = await aliceIn();
    expect((await w.post("msg_21_system_user_changed_number")).status).toBe(200);
    const c = await getContact(w);
    expect(c.numbers.length).toBe(2);
    expect(c.numbers[0]).toBe(c.waId);
    expect(c.numbers).toContain(ALICE.waId);
    expect(c.waId).not.toBe(ALICE.waId);
  });
});

describe("editing a contact", () => {
  it("writes only the fields sent, bumps the version, and pushes the change to every agent", async () => {
    const w = await aliceIn();
    const agent = await addMember(w.owner, "agent");
    const watcher = await socket(agent, "/api/live/inbox");
    await watcher.next((f) => f.t === "ready");
    const first = await expectJson<{ contact: ContactView; version: number }>(
      await w.owner.browser.patch(`/api/contacts/${w.contactId}`, { email: "Ana@Example.com", language: "pt-PT" }),
    );
    expect(first.contact.email).toBe("ana@example.com");
    expect(first.version).toBe(1);
    // A second agent edits another field: the first agent's email stays.
    const second = await expectJson<{ contact: ContactView; version: number }>(
      await agent.browser.patch(`/api/contacts/${w.contactId}`, { address: { city: "Lisboa", country: "PT" }, leadScore: 70 }),
    );
    expect(second.version).toBe(2);
    expect(second.contact).toMatchObject({
      email: "ana@example.com",
      language: "pt-PT",
      address: { city: "Lisboa", country: "PT" },
      leadScore: 70,
      leadScoreSource: "manual",
      leadScoreBy: agent.userId,
    });
    const frame = await watcher.next((f) => f.t === "contact" && f.version === 2);
    expect(frame).toMatchObject({ contactId: w.contactId, by: agent.userId, changes: { address: { city: "Lisboa" }, leadScore: 70 } });
    expect(Object.keys(frame.changes as object)).not.toContain("email");
    const firstFrame = await watcher.next((f) => f.t === "contact" && f.version === 1);
    expect(firstFrame.changes).toMatchObject({ email: "ana@example.com", language: "pt-PT" });
    watcher.close();
  });

  it("moves the stage with a history entry, and records opt-in with its basis and opt-out", async () => {
    const w = await aliceIn();
    const url = `/api/contacts/${w.contactId}`;
    const moved = await expectJson<{ contact: ContactView }>(await w.owner.browser.patch(url, { stage: "qualified" }));
    expect(moved.contact.stage).toBe("qualified");
    expect(moved.contact.stageChangedAt).toEqual(expect.any(Number));
    const optedIn = await expectJson<{ contact: ContactView }>(
      await w.owner.browser.patch(url, { marketing: { status: "opted_in", basis: "Ticked the box on the order form" } }),
    );
    expect(optedIn.contact).toMatchObject({
      marketingStatus: "opted_in",
      marketingOptInSource: "manual",
      marketingOptInBasis: "Ticked the box on the order form",
      marketingOptInBy: w.owner.userId,
    });
    const optedOut = await expectJson<{ contact: ContactView }>(await w.owner.browser.patch(url, { marketing: { status: "opted_out" } }));
    expect(optedOut.contact).toMatchObject({ marketingStatus: "opted_out", marketingOptOutSource: "manual" });
    const { events } = await expectJson<{ events: { kind: string; detail: Record<string, unknown> }[] }>(
      await w.owner.browser.get(`${url}/timeline`),
    );
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(["stage", "opt_in", "opt_out"]));
    expect(events.find((e) => e.kind === "stage")?.detail).toEqual({ from: "new_lead", to: "qualified" });
  });

  it("keeps where a WhatsApp opt-out came from", async () => {
    const w = await aliceIn();
    expect((await w.post("field_01_user_preferences_stop")).status).toBe(200);
    expect(await getContact(w)).toMatchObject({ marketingStatus: "opted_out", marketingOptOutSource: "user_preferences" });
  });

  it("refuses bad input with the field named, and changes nothing", async () => {
    const w = await aliceIn();
    const url = `/api/contacts/${w.contactId}`;
    const before = await getContact(w);
    await expectError(await w.owner.browser.patch(url, { email: "not-an-email" }), 400, "invalid_body", "email");
    await expectError(await w.owner.browser.patch(url, { leadScore: 101 }), 400, "invalid_body", "leadScore");
    await expectError(await w.owner.browser.patch(url, { stage: "nope" }), 422, "unknown_stage", "stage");
    await expectError(await w.owner.browser.patch(url, { labels: ["ghost"] }), 422, "unknown_label", "labels");
    await expectError(await w.owner.browser.patch(url, { ownerId: "usr_nobody" }), 422, "member_not_found", "ownerId");
    await expectError(await w.owner.browser.patch(url, { customFields: { nope: "x" } }), 422, "unknown_field", "customFields.nope");
    await expectError(await w.owner.browser.patch(url, { marketing: { status: "opted_in" } }), 400, "invalid_body", "basis");
    await expectError(await w.owner.browser.patch(url, {}), 400, "invalid_body");
    expect(await getContact(w)).toEqual(before);
  });
});
