/**
 * Brazil's 9th digit on the inbound path: WhatsApp may report a mobile as 12 digits (55 + area + 8)
 * for a contact the team stored with 13 (55 + area + 9 + 8), or the reverse. Either form reaches the
 * one contact and its one conversation, and the stored number stays as it was. Landlines (no 9 was
 * ever added) and other organizations are left alone.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts, conversations } from "../../db/schema";
import { phoneVariants } from "../../worker/crm/phone-variants";
import { expectJson } from "../support/api-errors";
import { workspace, type Workspace } from "../support/live";
import { ALICE, contactsOf, db, fixtureWamid, messagesOf } from "../support/parley";

/** Alice's first message, from `waId`, with a fresh wamid. */
const writeFrom = (w: Workspace, waId: string) =>
  w.post("msg_01_text", (b) =>
    b.replaceAll(ALICE.waId, waId).replace(fixtureWamid("msg_01_text", "messages"), `wamid.br-${crypto.randomUUID()}`),
  );
const conversationsOfOrg = (orgId: string) => db().select().from(conversations).where(eq(conversations.orgId, orgId)).all();

describe("Brazilian mobiles with and without the 9th digit", () => {
  it("lands a message from the 12-digit form on the contact stored with 13 digits, keeping its number", async () => {
    const w = await workspace();
    const { contact } = await expectJson<{ contact: { id: string; waId: string } }>(
      await w.owner.browser.post("/api/contacts", { phone: "+55 11 98888-7777", displayName: "João" }),
      201,
    );
    expect(contact.waId).toBe("5511988887777");
    expect((await writeFrom(w, "551188887777")).status).toBe(200);
    const all = await contactsOf(w.orgId);
    expect(all).toEqual([
      expect.objectContaining({ id: contact.id, waId: "5511988887777", displayName: "João", profileName: "Alice Moreno" }),
    ]);
    const [conv] = await conversationsOfOrg(w.orgId);
    expect(conv).toMatchObject({ contactId: contact.id });
    expect(await messagesOf(w.orgId, conv!.id)).toHaveLength(1);
  });

  it("lands a message from the 13-digit form on the contact WhatsApp created with 12, in the same conversation", async () => {
    const w = await workspace();
    await writeFrom(w, "551188887777");
    const [first] = await contactsOf(w.orgId);
    expect(first?.waId).toBe("551188887777");
    expect((await writeFrom(w, "5511988887777")).status).toBe(200);
    expect(await contactsOf(w.orgId)).toEqual([expect.objectContaining({ id: first!.id, waId: "551188887777" })]);
    const convs = await conversationsOfOrg(w.orgId);
    expect(convs).toHaveLength(1);
    expect(await messagesOf(w.orgId, convs[0]!.id)).toHaveLength(2);
  });

  it("prefers the exact number when both forms are contacts, and leaves landlines and other organizations alone", async () => {
    const w = await workspace();
    const create = async (phone: string) =>
      (await expectJson<{ contact: { id: string } }>(await w.owner.browser.post("/api/contacts", { phone }), 201)).contact.id;
    // A landline: 9 + 3333-4444 is no mobile, so the two are different numbers.
    const landline = await create("+55 11 3333-4444");
    await writeFrom(w, "5511933334444");
    const afterLandline = await contactsOf(w.orgId);
    expect(afterLandline).toHaveLength(2);
    expect(afterLandline.find((c) => c.id === landline)?.conversationCount).toBe(0);

    // Another organization has the 13-digit form; this one hears from the 12-digit form first.
    const other = await workspace();
    const theirs = (
      await expectJson<{ contact: { id: string } }>(await other.owner.browser.post("/api/contacts", { phone: "+5521977776666" }), 201)
    ).contact.id;
    await writeFrom(w, "552177776666");
    expect((await contactsOf(other.orgId)).map((c) => [c.id, c.conversationCount])).toEqual([[theirs, 0]]);
    expect(await conversationsOfOrg(other.orgId)).toEqual([]);
    expect((await contactsOf(w.orgId)).map((c) => c.waId)).toContain("552177776666");

    // Both forms already contacts (a duplicate not merged yet): each form reaches its own.
    const both = await workspace();
    for (const [id, waId] of [
      ["ct_with9", "5531966665555"],
      ["ct_without9", "553166665555"],
    ] as const)
      await db()
        .insert(contacts)
        .values({ id: `${id}_${both.orgId.slice(-6)}`, orgId: both.orgId, waId, updatedAt: 1 });
    await writeFrom(both, "553166665555");
    const [conv] = await conversationsOfOrg(both.orgId);
    expect(conv?.contactId).toBe(`ct_without9_${both.orgId.slice(-6)}`);
  });

  it("knows which numbers have a second form", () => {
    expect(phoneVariants("5511988887777")).toEqual(["5511988887777", "551188887777"]);
    expect(phoneVariants("551188887777")).toEqual(["551188887777", "5511988887777"]);
    expect(phoneVariants("551133334444")).toEqual(["551133334444"]);
    expect(phoneVariants("5511933334444")).toEqual(["5511933334444"]);
    expect(phoneVariants("351912345678")).toEqual(["351912345678"]);
  });
});
