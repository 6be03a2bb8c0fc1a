/**
 * A customer who changes number (Meta's `user_changed_number` system message) stays one contact: the
 * old number is kept in its history, the new one is current, and messages to and from either land on it.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contactNumbers } from "../../db/tables/crm";
import {
  ALICE,
  contactsOf,
  conversationsOf,
  createTenant,
  db,
  fixture,
  fixtureWamid,
  messagesOf,
  postWebhook,
  seedOutbound,
} from "../support/parley";
import { workspace } from "../support/live";
import { expectError } from "../support/api-errors";

const NEW = { waId: "15559876543", userId: "US.62840173958201746385" };
const CHANGED_AT = 1781200260_000;

/** Alice writes from `from` at `seconds`, with a fresh wamid. */
const aliceFrom = (phoneNumberId: string, from: { waId: string; userId: string }, seconds: number, text = "Still me") =>
  fixture("msg_01_text", phoneNumberId)
    .replaceAll(ALICE.waId, from.waId)
    .replace(fixtureWamid("msg_01_text", "messages"), `wamid.n-${crypto.randomUUID()}`)
    .replace('"1781200000"', `"${seconds}"`)
    .replace(/"body": "[^"]*"/, `"body": "${text}"`);

describe("user_changed_number", () => {
  it("keeps one contact: the new number current, the old one in its history, both in the API (current first)", async () => {
    const w = await workspace();
    await w.post("msg_01_text");
    await w.post("msg_21_system_user_changed_number");
    await w.post("msg_21_system_user_changed_number"); // Meta retries: nothing changes
    const [contact, ...others] = await contactsOf(w.orgId);
    expect(others).toEqual([]);
    expect(contact).toMatchObject({ waId: NEW.waId, userId: NEW.userId });
    const res = await w.owner.browser.get(`/api/contacts/${contact!.id}`);
    expect(await res.json()).toMatchObject({ contact: { id: contact!.id, waId: NEW.waId, numbers: [NEW.waId, ALICE.waId] } });
    // The number she left is kept with the WhatsApp time of the change.
    const former = await db().select().from(contactNumbers).where(eq(contactNumbers.contactId, contact!.id));
    expect(former).toEqual([expect.objectContaining({ waId: ALICE.waId, replacedAt: CHANGED_AT })]);
    const other = await workspace();
    await expectError(await other.owner.browser.get(`/api/contacts/${contact!.id}`), 404, "contact_not_found");
  });

  it("lands messages from the new number and from the old one on the same contact, which keeps the new number", async () => {
    const t = await createTenant();
    await t.post("msg_01_text");
    await t.post("msg_21_system_user_changed_number");
    await postWebhook(aliceFrom(t.phoneNumberId, NEW, 1781200300, "From my new phone"));
    // A message she sent from the old phone before switching, delivered late, with her old user id.
    await t.post("msg_05_image");
    const contacts = await contactsOf(t.orgId);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ waId: NEW.waId, userId: NEW.userId });
    const [conv, ...more] = await conversationsOf(t.orgId);
    expect(more).toEqual([]);
    expect((await messagesOf(t.orgId, conv!.id)).map((m) => m.content.type)).toEqual(["text", "system", "text", "image"]);
  });

  it("follows a second change, and still routes every number she used to the one contact", async () => {
    const w = await workspace();
    await w.post("msg_01_text");
    await w.post("msg_21_system_user_changed_number");
    const NEWER = { waId: "15550001111", userId: "US.99999999999999999999" };
    await postWebhook(
      fixture("msg_21_system_user_changed_number", w.phoneNumberId)
        .replace(fixtureWamid("msg_21_system_user_changed_number", "messages"), "wamid.second-change")
        .replace(`"from": "${ALICE.waId}"`, `"from": "${NEW.waId}"`)
        .replace(`"from_user_id": "${ALICE.userId}"`, `"from_user_id": "${NEW.userId}"`)
        .replace(`"wa_id": "${NEW.waId}"`, `"wa_id": "${NEWER.waId}"`)
        .replace(`"user_id": "${NEW.userId}"`, `"user_id": "${NEWER.userId}"`)
        .replace('"1781200260"', '"1781200400"'),
    );
    // Late messages from both numbers she left (the middle one is not the number the contact began with).
    await postWebhook(aliceFrom(w.phoneNumberId, NEW, 1781200350, "Sent from the middle phone"));
    await w.post("msg_05_image");
    const [contact, ...others] = await contactsOf(w.orgId);
    expect(others).toEqual([]);
    expect(contact).toMatchObject({ waId: NEWER.waId, userId: NEWER.userId });
    expect(await conversationsOf(w.orgId)).toHaveLength(1);
    const { contact: view } = (await (await w.owner.browser.get(`/api/contacts/${contact!.id}`)).json()) as {
      contact: { numbers: string[] };
    };
    expect(view.numbers).toEqual([NEWER.waId, NEW.waId, ALICE.waId]);
  });

  it("lands a status for a message sent to the old number on the same conversation", async () => {
    const t = await createTenant();
    await t.post("msg_01_text");
    const [conv] = await conversationsOf(t.orgId);
    const reply = await seedOutbound(t.orgId, conv!.id, t.phoneNumberId, { wamid: fixtureWamid("status_02_delivered") });
    await t.post("msg_21_system_user_changed_number");
    // Addressed to her old number and old user id.
    expect(await (await t.post("status_02_delivered")).json()).toMatchObject({ statusesApplied: 1, statusesHeld: 0 });
    expect((await messagesOf(t.orgId, conv!.id)).find((m) => m.id === reply.id)?.status).toBe("delivered");
    expect(await contactsOf(t.orgId)).toHaveLength(1);
  });

  it("routes the new number to the same contact when the notice and her next message come in one POST", async () => {
    const t = await createTenant();
    await t.post("msg_01_text");
    const notice = JSON.parse(fixture("msg_21_system_user_changed_number", t.phoneNumberId));
    const next = JSON.parse(aliceFrom(t.phoneNumberId, NEW, 1781200300));
    notice.entry[0].changes[0].value.messages.push(...next.entry[0].changes[0].value.messages);
    notice.entry[0].changes[0].value.contacts = next.entry[0].changes[0].value.contacts;
    expect((await postWebhook(JSON.stringify(notice))).status).toBe(200);
    const contacts = await contactsOf(t.orgId);
    expect(contacts).toEqual([expect.objectContaining({ waId: NEW.waId })]);
    const [conv] = await conversationsOf(t.orgId);
    expect(conv?.messageCount).toBe(3);
  });
});
