/**
 * Restore: an export goes back into a new organization (new ids, the archive's org untouched), every
 * table and every conversation's messages in their new rooms, so export → restore → export gives the
 * same content. EXPORT_STEP_ROWS is 40 in tests, so both jobs span many Queue steps.
 */
import { env } from "cloudflare:test";
import { getTableName } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { segmentMembers } from "../../db/tables/crm";
import { EXPORT_TABLES, NOT_EXPORTED } from "../../worker/data/export-tables";
import { IdMap } from "../../worker/data/restore-ids";
import { addMember, signUpOwner } from "../support/accounts";
import { expectJson } from "../support/api-errors";
import { shop } from "../support/commerce";
import { allMessagesOf, db, seedOutbound } from "../support/parley";
import { exportZip, sorted, startRestore, tableOf, waitForRestore } from "../support/restore";

/** An org with something in most tables: customer, messages, CRM settings and values, a segment, an order, a rule. */
async function richOrg() {
  const s = await shop();
  const o = s.owner.browser;
  for (let i = 0; i < 60; i++) await seedOutbound(s.orgId, s.conversationId, s.phoneNumberId, { body: `reply ${i}` });
  await expectJson(await o.post("/api/labels", { name: "vip", color: "#2563eb" }), 201);
  await expectJson(await o.post("/api/custom-fields", { key: "tier", label: "Tier", type: "select", options: ["gold"] }), 201);
  await expectJson(await o.patch(`/api/contacts/${s.contactId}`, { stage: "qualified", labels: ["vip"], customFields: { tier: "gold" } }));
  const { segment } = await expectJson<{ segment: { id: string } }>(
    await o.post("/api/segments", { name: "Gold", filter: { match: "all", rules: [{ field: "custom.tier", op: "eq", value: "gold" }] } }),
    201,
  );
  await db().insert(segmentMembers).values({ segmentId: segment.id, contactId: s.contactId, orgId: s.orgId });
  await expectJson(
    await s.agent.browser.post("/api/orders", {
      contactId: s.contactId,
      conversationId: s.conversationId,
      currency: "EUR",
      lines: [{ productId: s.products.mug.id, quantity: 2 }],
    }),
    201,
  );
  await expectJson(
    await o.post("/api/automation/rules", {
      name: "VIP",
      trigger: "message.received",
      conditions: [{ field: "message", op: "contains", value: "price" }],
      actions: [{ type: "add_label", label: "vip" }],
    }),
    201,
  );
  return s;
}

describe("restore", { timeout: 180_000 }, () => {
  it("export → restore into a new org → export gives the same content, under new ids, in new rooms", async () => {
    const a = await richOrg();
    const zipA = await exportZip(a.owner);
    const b = await signUpOwner("Restored Co");
    const started = await startRestore(b, zipA);
    expect(started).toMatchObject({ status: "queued", sourceOrgId: a.orgId });
    const done = await waitForRestore(b, started.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe("ready");
    expect(done.report!.members.map((m) => m.email).sort()).toEqual([a.owner.email, a.agent.email].sort());
    expect(done.report!.numbers.map((n) => n.phoneNumberId)).toEqual([a.phoneNumberId]);

    const zipB = await exportZip(b);
    const ids = new IdMap(started.id, a.orgId, b.orgId);
    for (const spec of EXPORT_TABLES.filter((t) => t.restore)) {
      const before = tableOf(zipA, spec.name);
      const expected = sorted(before.map((r) => ids.value(r)));
      const after = sorted(tableOf(zipB, spec.name));
      if (spec.name === "audit_log") {
        // The new org keeps its own history (its sign-up, the restore) beside the archive's.
        expect(after, spec.name).toEqual(expect.arrayContaining(expected));
        const own = tableOf(zipB, "audit_log").filter((r) => !expected.includes(JSON.stringify(r)));
        expect(own.map((r) => r.action).sort()).toEqual(["auth.signup", "data.restore_started"]);
      } else {
        expect(after, spec.name).toEqual(expected);
      }
    }
    for (const name of ["contacts", "conversations", "orders", "order_lines", "labels", "segment_members", "products"])
      expect(tableOf(zipA, name).length, name).toBeGreaterThan(0);

    // Every message, in its conversation's new room, the words as written.
    const messagesA = tableOf(zipA, "messages");
    expect(messagesA.length).toBeGreaterThanOrEqual(61);
    const expectedMessages = messagesA.map((m) => ({ ...(ids.value(m) as object), content: m.content }));
    expect(sorted(tableOf(zipB, "messages"))).toEqual(sorted(expectedMessages));
    expect((await allMessagesOf(b.orgId)).length).toBe(messagesA.length);

    // New ids: nothing of the archive's org is named in the new one; the archive's org is as it was.
    const textB = JSON.stringify(tableOf(zipB, "contacts")) + JSON.stringify(tableOf(zipB, "messages"));
    expect(textB).not.toContain(a.orgId);
    expect(textB).not.toContain(a.contactId);
    expect(tableOf(zipB, "members").map((m) => m.email)).toEqual([b.email]);
    expect(tableOf(zipB, "whatsapp_numbers")).toEqual([]);
    expect((await allMessagesOf(a.orgId)).length).toBe(messagesA.length);
    const again = await exportZip(a.owner);
    expect(sorted(tableOf(again, "contacts"))).toEqual(sorted(tableOf(zipA, "contacts")));
  });

  it("every table with an org_id is exported or named, with its reason, as left out", async () => {
    const { results } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%`org_id`%' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
    ).all<{ name: string }>();
    const exported = new Set(EXPORT_TABLES.map((t) => getTableName(t.table)));
    const missing = results.map((r) => r.name).filter((n) => !exported.has(n) && !(n in NOT_EXPORTED));
    expect(missing).toEqual([]);
  });
});

describe("restore: who may", { timeout: 60_000 }, () => {
  it("only owners; org B's owner cannot read org A's restore", async () => {
    const a = await signUpOwner();
    const admin = await addMember(a, "admin");
    const zip = await exportZip(a);
    await expectJson(await admin.browser.get("/api/data/restores"), 403);
    const fresh = await signUpOwner();
    const r = await startRestore(fresh, zip);
    const other = await signUpOwner();
    await expectJson(await other.browser.get(`/api/data/restores/${r.id}`), 404);
    const { restores } = await expectJson<{ restores: unknown[] }>(await other.browser.get("/api/data/restores"));
    expect(restores).toEqual([]);
    await waitForRestore(fresh, r.id);
  });
});
