/**
 * Tenant isolation for the CRM: as org A, every contacts, segments, custom-field, stage and label route
 * aimed at org B's ids is 404 (or leaves B out of lists), and B's rows are exactly as they were.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts } from "../../db/schema";
import { customFieldDefs, labels, lifecycleStages, segments } from "../../db/tables/crm";
import { signUpOwner } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { db } from "../support/parley";

async function orgB() {
  const owner = await signUpOwner("Org B");
  const contactId = `ct_b_${crypto.randomUUID().slice(0, 8)}`;
  await db()
    .insert(contacts)
    .values({ id: contactId, orgId: owner.orgId, waId: "351919999999", profileName: "B's customer", tags: ["b"], updatedAt: Date.now() });
  const field = await expectJson<{ field: { id: string } }>(
    await owner.browser.post("/api/custom-fields", { key: "tier", label: "Tier", type: "text" }),
    201,
  );
  const label = await expectJson<{ label: { id: string } }>(
    await owner.browser.post("/api/labels", { name: "b-label", color: "#112233" }),
    201,
  );
  const segment = await expectJson<{ segment: { id: string } }>(
    await owner.browser.post("/api/segments", { name: "B's", filter: { match: "all", rules: [{ field: "tag", op: "eq", value: "b" }] } }),
    201,
  );
  await expectJson(await owner.browser.get("/api/lifecycle-stages"));
  return { owner, contactId, fieldId: field.field.id, labelId: label.label.id, segmentId: segment.segment.id };
}

async function stateOf(orgId: string) {
  return {
    contacts: await db().select().from(contacts).where(eq(contacts.orgId, orgId)).all(),
    fields: await db().select().from(customFieldDefs).where(eq(customFieldDefs.orgId, orgId)).all(),
    labels: await db().select().from(labels).where(eq(labels.orgId, orgId)).all(),
    segments: await db().select().from(segments).where(eq(segments.orgId, orgId)).all(),
    stages: await db().select().from(lifecycleStages).where(eq(lifecycleStages.orgId, orgId)).all(),
  };
}

describe("as org A, org B's CRM", () => {
  it("is 404 by id, absent from lists, untouched by bulk actions and settings", { timeout: 30_000 }, async () => {
    const b = await orgB();
    const a = await signUpOwner("Org A");
    const before = await stateOf(b.owner.orgId);
    const notFound: [string, string, unknown, string][] = [
      ["GET", `/api/contacts/${b.contactId}`, undefined, "contact_not_found"],
      ["PATCH", `/api/contacts/${b.contactId}`, { displayName: "Stolen", stage: "customer" }, "contact_not_found"],
      ["GET", `/api/contacts/${b.contactId}/timeline`, undefined, "contact_not_found"],
      ["GET", `/api/segments/${b.segmentId}`, undefined, "segment_not_found"],
      ["PUT", `/api/segments/${b.segmentId}`, { name: "x", filter: { match: "all", rules: [] } }, "segment_not_found"],
      ["DELETE", `/api/segments/${b.segmentId}`, undefined, "segment_not_found"],
      ["GET", `/api/contacts?segmentId=${b.segmentId}`, undefined, "segment_not_found"],
      ["PATCH", `/api/custom-fields/${b.fieldId}`, { label: "Mine" }, "field_not_found"],
      ["DELETE", `/api/custom-fields/${b.fieldId}`, undefined, "field_not_found"],
      ["DELETE", `/api/labels/${b.labelId}`, undefined, "label_not_found"],
      ["POST", "/api/contacts/bulk", { ids: [b.contactId], action: { type: "addToSegment", segmentId: b.segmentId } }, "segment_not_found"],
    ];
    for (const [method, path, body, code] of notFound) await expectError(await a.browser.request(method, path, body), 404, code);
    // By ids or by filter, bulk actions reach only A's own contacts.
    for (const action of [{ type: "addTag", tag: "x" }, { type: "setStage", stage: "customer" }, { type: "optOut" }, { type: "delete" }]) {
      const { count } = await expectJson<{ count: number }>(await a.browser.post("/api/contacts/bulk", { ids: [b.contactId], action }));
      expect(count).toBe(0);
      const all = await expectJson<{ count: number }>(
        await a.browser.post("/api/contacts/bulk", { filter: { match: "all", rules: [] }, action }),
      );
      expect(all.count).toBe(0);
    }
    // Lists, searches, boards, segments, fields, labels and exports leave B out.
    expect((await expectJson<{ contacts: unknown[] }>(await a.browser.get("/api/contacts?q=351919999999"))).contacts).toEqual([]);
    expect((await expectJson<{ contacts: unknown[] }>(await a.browser.get("/api/contacts"))).contacts).toEqual([]);
    expect((await expectJson<{ segments: unknown[] }>(await a.browser.get("/api/segments"))).segments).toEqual([]);
    expect((await expectJson<{ fields: unknown[] }>(await a.browser.get("/api/custom-fields"))).fields).toEqual([]);
    expect((await expectJson<{ labels: unknown[] }>(await a.browser.get("/api/labels"))).labels).toEqual([]);
    const board = await expectJson<{ stages: { count: number }[] }>(await a.browser.get("/api/lifecycle-stages/board"));
    expect(board.stages.every((s) => s.count === 0)).toBe(true);
    const csv = await (await a.browser.get("/api/contacts/export")).text();
    expect(csv.trim().split("\r\n")).toHaveLength(1);
    // A's own settings writes do not touch B's.
    await expectJson(
      await a.browser.request("PUT", "/api/lifecycle-stages", { stages: [{ key: "only", name: "Only", color: "#000000" }] }),
    );
    await expectJson(await a.browser.post("/api/custom-fields", { key: "tier", label: "A tier", type: "number" }), 201);
    expect(await stateOf(b.owner.orgId)).toEqual(before);
  });
});
