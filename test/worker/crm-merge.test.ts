/**
 * Duplicates and merge: suggestions by number, email and name; a merge keeps the survivor with the
 * chosen values, moves the other's numbers, conversations, orders, events and tags, records it, tells
 * every agent at once, and routes the other's number to the survivor afterwards. Bad input, agents and
 * other organizations change nothing.
 */
import { env } from "cloudflare:test";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDb } from "../../db/client";
import { auditLog, contacts, conversations } from "../../db/schema";
import { orders } from "../../db/tables/commerce";
import { contactEvents } from "../../db/tables/crm";
import { signUpOwner } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { addMember, socket, workspace } from "../support/live";
import { mergeContacts } from "../../worker/crm/merge/merge-contacts";
import { ALICE, contactsOf, db, fixtureWamid } from "../support/parley";

type View = {
  id: string;
  displayName: string | null;
  profileName: string | null;
  email: string | null;
  waId: string | null;
  tags: string[];
  numbers: string[];
  conversationCount: number;
  customFields: Record<string, unknown>;
};
const contactById = (id: string) => db().select().from(contacts).where(eq(contacts.id, id)).get();
/** A merge body as the merge screen sends it: both contacts at the versions stored now. */
async function seen(survivorId: string, otherId: string, pick: Record<string, string> = {}) {
  const [s, o] = await Promise.all([contactById(survivorId), contactById(otherId)]);
  return { survivorId, otherId, survivorVersion: s?.version ?? 0, otherVersion: o?.version ?? 0, pick };
}

/** Alice wrote in on WhatsApp (profile "Alice Moreno"); the team also has her from a spreadsheet under another number. */
async function twoAlices() {
  const w = await workspace();
  await w.post("msg_01_text");
  const [whatsapp] = await contactsOf(w.orgId);
  await expectJson(
    await w.owner.browser.patch(`/api/contacts/${whatsapp!.id}`, { email: "alice@example.com", tags: ["whatsapp"], leadScore: 40 }),
  );
  await expectJson(await w.owner.browser.post("/api/custom-fields", { key: "tier", label: "Tier", type: "text" }), 201);
  const { contact: sheet } = await expectJson<{ contact: View }>(
    await w.owner.browser.post("/api/contacts", { phone: "+351 912 345 678", displayName: "Alice M." }),
    201,
  );
  await expectJson(
    await w.owner.browser.patch(`/api/contacts/${sheet.id}`, { tags: ["vip"], customFields: { tier: "gold" }, notes: "From the fair" }),
  );
  return { w, whatsapp: whatsapp!, sheet };
}

describe("duplicates", () => {
  it("suggests pairs by number, email and name with a similar number", async () => {
    const owner = await signUpOwner("Dupes Co");
    const insert = (id: string, v: Partial<typeof contacts.$inferInsert>) =>
      db()
        .insert(contacts)
        .values({ id: `ct_${id}_${owner.orgId.slice(-6)}`, orgId: owner.orgId, updatedAt: 1, ...v });
    await insert("a1", { waId: "351911000001", displayName: "Ana" });
    await insert("a2", { waId: "351911000001", displayName: "Ana Two" });
    await insert("b1", { email: "bea@example.com", displayName: "Bea" });
    await insert("b2", { email: "bea@example.com", displayName: "Beatriz" });
    await insert("c1", { waId: "351933000003", displayName: "Carla Dias" });
    await insert("c2", { waId: "447733000003", displayName: "carla dias" });
    await insert("d1", { waId: "551188887777", displayName: "João" });
    await insert("d2", { waId: "5511988887777", displayName: "Joao Souza" });
    await insert("e1", { waId: "351944000005", displayName: "Eva" });
    await insert("e2", { waId: "351955000006", displayName: "Eva" });
    const { pairs } = await expectJson<{ pairs: { reason: string; shared: string; a: { name: string }; b: { name: string } }[] }>(
      await owner.browser.get("/api/contacts/duplicates"),
    );
    const found = pairs.map((p) => `${p.reason}:${[p.a.name, p.b.name].sort().join("+")}`).sort();
    expect(found).toEqual(["email:Bea+Beatriz", "name:Carla Dias+carla dias", "phone:Ana+Ana Two", "phone:Joao Souza+João"]);
    const other = await signUpOwner("Other Co");
    expect((await expectJson<{ pairs: unknown[] }>(await other.browser.get("/api/contacts/duplicates"))).pairs).toEqual([]);
  });
});

describe("merge", () => {
  it("keeps the survivor with the chosen fields and moves everything of the other's, live", async () => {
    const { w, whatsapp, sheet } = await twoAlices();
    const agent = await addMember(w.owner, "agent");
    const live = await socket(agent, "/api/live/inbox");
    await db()
      .insert(orders)
      .values({
        id: `ord_${crypto.randomUUID()}`,
        orgId: w.orgId,
        number: 1,
        contactId: whatsapp.id,
        status: "draft",
        source: "agent",
        currency: "EUR",
        subtotalMinor: 100,
        totalMinor: 100,
        updatedAt: 1,
      });

    const { contact } = await expectJson<{ contact: View }>(
      await w.owner.browser.post("/api/contacts/merge", await seen(sheet.id, whatsapp.id, { email: "other" })),
    );
    expect(contact).toMatchObject({
      id: sheet.id,
      displayName: "Alice M.",
      profileName: "Alice Moreno",
      email: "alice@example.com",
      waId: "351912345678",
      tags: ["vip", "whatsapp"],
      customFields: { tier: "gold" },
      conversationCount: 1,
    });
    expect(contact.numbers).toEqual(["351912345678", ALICE.waId]);
    expect(await contactById(whatsapp.id)).toBeUndefined();
    const convs = await db().select().from(conversations).where(eq(conversations.orgId, w.orgId)).all();
    expect(convs.map((c) => c.contactId)).toEqual([sheet.id]);
    expect((await db().select().from(orders).where(eq(orders.orgId, w.orgId)).all()).map((o) => o.contactId)).toEqual([sheet.id]);
    const events = await db().select().from(contactEvents).where(eq(contactEvents.contactId, sheet.id)).all();
    expect(events.find((e) => e.kind === "merge")?.detail).toMatchObject({ mergedId: whatsapp.id, mergedWaId: ALICE.waId });
    // The other's own history (its lead score change) came along.
    expect(events.some((e) => e.kind === "lead_score")).toBe(true);
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, w.orgId), eq(auditLog.action, "contacts.merged")))
      .all();
    expect(audit).toEqual([expect.objectContaining({ targetId: sheet.id, detail: { mergedId: whatsapp.id } })]);

    // Another agent's screens close the other contact, pointing at the survivor, and get the survivor's fields.
    await live.next((f) => f.t === "contacts_removed" && (f.ids as string[]).includes(whatsapp.id) && f.into === sheet.id);
    await live.next((f) => f.t === "contact" && f.contactId === sheet.id && (f.changes as View).tags?.includes("whatsapp"));

    // Alice writes again from her WhatsApp number: it lands on the survivor.
    const again = await w.post("msg_01_text", (b) => b.replace(fixtureWamid("msg_01_text", "messages"), "wamid.after-merge"));
    expect(again.status).toBe(200);
    expect((await contactsOf(w.orgId)).map((c) => c.id)).toEqual([sheet.id]);
  });

  it("refuses bad input, agents and other organizations, changing nothing", async () => {
    const { w, whatsapp, sheet } = await twoAlices();
    const before = await contactsOf(w.orgId);
    const merge = (who: typeof w.owner, body: unknown) => who.browser.post("/api/contacts/merge", body);
    const ok = await seen(sheet.id, whatsapp.id);
    await expectError(await merge(w.owner, { ...ok, otherId: sheet.id }), 422, "same_contact");
    await expectError(await merge(w.owner, { ...ok, pick: { waId: "other" } }), 422, "invalid_pick");
    await expectError(await merge(w.owner, { ...ok, pick: { email: "both" } }), 400, "invalid_body");
    await expectError(await merge(w.owner, { survivorId: sheet.id }), 400, "invalid_body");
    // The versions the user saw are required: a merge without them could overwrite an edit.
    await expectError(await merge(w.owner, { survivorId: sheet.id, otherId: whatsapp.id }), 400, "invalid_body");
    await expectError(await merge(w.owner, { ...ok, otherVersion: 1.5 }), 400, "invalid_body");
    await expectError(await merge(w.owner, { ...ok, survivorVersion: -1 }), 400, "invalid_body");
    await expectError(await merge(w.owner, { ...ok, otherId: "ct_nope" }), 404, "contact_not_found");
    const agent = await addMember(w.owner, "agent");
    await expectError(await merge(agent, ok), 403, "forbidden");
    await expectError(await agent.browser.get("/api/contacts/duplicates"), 403, "forbidden");
    const stranger = await signUpOwner("Stranger Co");
    await expectError(await merge(stranger, ok), 404, "contact_not_found");
    const mine = (
      await expectJson<{ contact: { id: string; version: number } }>(
        await stranger.browser.post("/api/contacts", { phone: "+351913000000" }),
        201,
      )
    ).contact;
    await expectError(await merge(stranger, { ...ok, survivorId: mine.id, survivorVersion: mine.version }), 404, "contact_not_found");
    expect(await contactsOf(w.orgId)).toEqual(before);
  });

  it("refuses a merge over an edit made since the user looked (409 contact_changed), losing nothing", async () => {
    const { w, whatsapp, sheet } = await twoAlices();
    const looked = await seen(sheet.id, whatsapp.id, { email: "other" });
    // Another agent edits the other contact after the merge screen was opened.
    const agent = await addMember(w.owner, "agent");
    await expectJson(await agent.browser.patch(`/api/contacts/${whatsapp.id}`, { notes: "Prefers mornings" }));
    const before = await contactsOf(w.orgId);
    const res = await w.owner.browser.post("/api/contacts/merge", looked);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: {
        code: "contact_changed",
        message: expect.stringContaining("Alice Moreno was edited since you opened this merge"),
        details: { contactId: whatsapp.id, version: looked.otherVersion + 1 },
      },
    });
    expect(await contactsOf(w.orgId)).toEqual(before);
    // The survivor edited instead: the same.
    const again = await seen(sheet.id, whatsapp.id);
    await expectJson(await agent.browser.patch(`/api/contacts/${sheet.id}`, { tags: ["vip", "fair"] }));
    expect((await w.owner.browser.post("/api/contacts/merge", again)).status).toBe(409);
    expect((await contactById(sheet.id))?.tags).toEqual(["vip", "fair"]);
    // Looked at again, the merge goes through and keeps both edits.
    const { contact } = await expectJson<{ contact: View & { notes: string | null } }>(
      await w.owner.browser.post("/api/contacts/merge", await seen(sheet.id, whatsapp.id)),
    );
    expect(contact).toMatchObject({ tags: ["vip", "fair", "whatsapp"], notes: "From the fair" });
  });

  it("rolls the whole merge back when an edit lands between its read and its commit", async () => {
    const { w, whatsapp, sheet } = await twoAlices();
    const body = await seen(sheet.id, whatsapp.id);
    const before = await contactsOf(w.orgId);
    const real = openDb(env.DB);
    // An agent's edit committed after the merge read both contacts, just before its batch runs.
    const racing = new Proxy(real, {
      get(target, key, receiver) {
        if (key !== "batch") return Reflect.get(target, key, receiver);
        return async (statements: Parameters<typeof real.batch>[0]) => {
          await real
            .update(contacts)
            .set({ notes: "Edited meanwhile", version: sql`${contacts.version} + 1` })
            .where(eq(contacts.id, whatsapp.id));
          return target.batch(statements);
        };
      },
    });
    const audit = real.select().from(contacts).where(eq(contacts.id, "none"));
    const merging = mergeContacts(racing as typeof real, { orgId: w.orgId, userId: null }, { ...body, pick: {} }, audit);
    await expect(merging).rejects.toMatchObject({ status: 409, code: "contact_changed" });
    const after = await contactsOf(w.orgId);
    // Only the racing edit changed anything: both contacts are there, conversations and numbers unmoved.
    expect(after.map((c) => c.id).sort()).toEqual(before.map((c) => c.id).sort());
    expect(after.find((c) => c.id === whatsapp.id)?.notes).toBe("Edited meanwhile");
    expect(after.find((c) => c.id === sheet.id)).toEqual(before.find((c) => c.id === sheet.id));
    const convs = await db().select().from(conversations).where(eq(conversations.orgId, w.orgId)).all();
    expect(convs.map((c) => c.contactId)).toEqual([whatsapp.id]);
  });
});
