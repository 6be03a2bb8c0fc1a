/**
 * The contacts list, segments, custom fields and bulk actions through the API: filters on built-in and
 * custom fields in all/any groups, cursor paging in each sort without gaps or repeats, a saved segment
 * that counts and resolves what the list showed, and bulk actions that reach every agent live.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { openDb } from "../../db/client";
import type { ContactView } from "../../db/contact-view";
import { contacts } from "../../db/schema";
import { contactNumbers } from "../../db/tables/crm";
import { resolveSegment } from "../../worker/crm/segments";
import { addMember, type Member } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { socket } from "../support/live";
import { db } from "../support/parley";
import { signUpOwner } from "../support/accounts";

/** An org with `n` contacts written straight into D1 (the ingest path has its own tests). */
async function orgWithContacts(n: number) {
  const owner = await signUpOwner();
  const now = Date.now();
  const rows = Array.from({ length: n }, (_, i) => ({
    id: `ct_${owner.orgId.slice(-6)}_${String(i).padStart(3, "0")}`,
    orgId: owner.orgId,
    waId: `3519100${String(i).padStart(5, "0")}`,
    profileName: `Customer ${String(i).padStart(3, "0")}`,
    email: i % 2 ? `c${i}@odd.example` : `c${i}@even.example`,
    tags: i % 3 === 0 ? ["vip"] : [],
    leadScore: i % 10 === 0 ? null : (i * 7) % 101,
    updatedAt: now - (i % 5) * 1000,
  }));
  for (let i = 0; i < rows.length; i += 10)
    await db()
      .insert(contacts)
      .values(rows.slice(i, i + 10));
  return { owner, rows };
}

const list = async (m: Member, params: Record<string, string>) =>
  expectJson<{ contacts: ContactView[]; nextCursor: string | null }>(await m.browser.get(`/api/contacts?${new URLSearchParams(params)}`));

async function walk(m: Member, params: Record<string, string>): Promise<ContactView[]> {
  const all: ContactView[] = [];
  let cursor: string | null = null;
  do {
    const page = await list(m, { ...params, limit: "7", ...(cursor && { cursor }) });
    all.push(...page.contacts);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

describe("the contacts list", () => {
  it("pages through every contact once in each sort, in order", { timeout: 30_000 }, async () => {
    const { owner, rows } = await orgWithContacts(30);
    for (const sort of ["updatedAt", "createdAt", "name", "lastInboundAt", "leadScore"]) {
      for (const dir of ["asc", "desc"]) {
        const seen = await walk(owner, { sort, dir });
        expect(new Set(seen.map((c) => c.id)).size, `${sort} ${dir}`).toBe(rows.length);
        expect(seen).toHaveLength(rows.length);
      }
    }
    const byScore = await walk(owner, { sort: "leadScore", dir: "desc" });
    const scores = byScore.map((c) => c.leadScore ?? -1);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("serves the largest page it allows (200 rows, past D1's 100 bound variables), earlier numbers included", async () => {
    const { owner, rows } = await orgWithContacts(205);
    await db()
      .insert(contactNumbers)
      .values({
        id: `cn_${owner.orgId.slice(-6)}`,
        orgId: owner.orgId,
        contactId: rows[3]!.id,
        waId: "351999000003",
        source: "whatsapp",
        addedAt: 1,
        replacedAt: 2,
      });
    const page = await list(owner, { limit: "200", sort: "name", dir: "asc" });
    expect(page.contacts).toHaveLength(200);
    expect(page.nextCursor).not.toBeNull();
    expect(page.contacts.find((c) => c.id === rows[3]!.id)?.numbers).toEqual([rows[3]!.waId, "351999000003"]);
  });

  it("searches by name, phone in any format, email and tag, and filters in all/any groups", async () => {
    const { owner } = await orgWithContacts(30);
    expect((await list(owner, { q: "customer 007" })).contacts.map((c) => c.profileName)).toEqual(["Customer 007"]);
    expect((await list(owner, { q: "+351 910 000 012" })).contacts.map((c) => c.profileName)).toEqual(["Customer 012"]);
    expect((await list(owner, { q: "c13@odd" })).contacts.map((c) => c.profileName)).toEqual(["Customer 013"]);
    expect((await walk(owner, { q: "vip" })).length).toBe(10);
    const filter = {
      match: "all",
      rules: [
        { field: "tag", op: "eq", value: "vip" },
        {
          match: "any",
          rules: [
            { field: "leadScore", op: "gte", value: 90 },
            { field: "email", op: "contains", value: "@odd" },
          ],
        },
      ],
    };
    const found = await walk(owner, { filter: JSON.stringify(filter) });
    expect(found.length).toBeGreaterThan(0);
    for (const c of found) {
      expect(c.tags).toContain("vip");
      expect((c.leadScore ?? -1) >= 90 || c.email!.includes("@odd")).toBe(true);
    }
    await expectError(await owner.browser.get(`/api/contacts?filter=${encodeURIComponent("{nope")}`), 400, "invalid_query", "filter");
    await expectError(
      await owner.browser.get(
        `/api/contacts?filter=${encodeURIComponent(JSON.stringify({ rules: [{ field: "custom.ghost", op: "eq", value: 1 }] }))}`,
      ),
      422,
      "invalid_filter",
      "custom.ghost",
    );
    await expectError(await owner.browser.get("/api/contacts?cursor=garbage"), 400, "invalid_cursor");
  });

  it("filters by a custom field once defined, and refuses values the definition does not allow", async () => {
    const { owner, rows } = await orgWithContacts(5);
    await expectJson(
      await owner.browser.post("/api/custom-fields", { key: "plan", label: "Plan", type: "select", options: ["basic", "pro"] }),
      201,
    );
    await expectJson(await owner.browser.post("/api/custom-fields", { key: "seats", label: "Seats", type: "number" }), 201);
    await expectError(await owner.browser.post("/api/custom-fields", { key: "plan", label: "Plan", type: "text" }), 409, "field_key_taken");
    const url = `/api/contacts/${rows[1]!.id}`;
    await expectJson(await owner.browser.patch(url, { customFields: { plan: "pro", seats: 12 } }));
    await expectError(await owner.browser.patch(url, { customFields: { plan: "gold" } }), 422, "invalid_field_value", "customFields.plan");
    await expectError(
      await owner.browser.patch(url, { customFields: { seats: "many" } }),
      422,
      "invalid_field_value",
      "customFields.seats",
    );
    const pro = await list(owner, { filter: JSON.stringify({ rules: [{ field: "custom.plan", op: "eq", value: "pro" }] }) });
    expect(pro.contacts.map((c) => c.id)).toEqual([rows[1]!.id]);
    expect(pro.contacts[0]!.customFields).toEqual({ plan: "pro", seats: 12 });
    const big = await list(owner, { filter: JSON.stringify({ rules: [{ field: "custom.seats", op: "gt", value: 10 }] }) });
    expect(big.contacts.map((c) => c.id)).toEqual([rows[1]!.id]);
    // An agent may fill fields but not define them.
    const agent = await addMember(owner, "agent");
    await expectError(await agent.browser.post("/api/custom-fields", { key: "x", label: "X", type: "text" }), 403, "forbidden");
  });
});

describe("export", () => {
  it("streams the filtered list as CSV with custom fields as columns, formulas defused", async () => {
    const { owner, rows } = await orgWithContacts(12);
    await expectJson(await owner.browser.post("/api/custom-fields", { key: "plan", label: "Plan", type: "text" }), 201);
    await expectJson(
      await owner.browser.patch(`/api/contacts/${rows[3]!.id}`, { customFields: { plan: "=HYPERLINK(1)" }, notes: 'says "hi", twice' }),
    );
    const res = await owner.browser.get(`/api/contacts/export?q=vip`);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^id,name,whatsapp_name,phone,email,.*,plan$/);
    expect(lines).toHaveLength(1 + 4);
    const three = lines.find((l) => l.startsWith(rows[3]!.id))!;
    expect(three).toContain(`"says ""hi"", twice"`);
    expect(three.endsWith(",'=HYPERLINK(1)")).toBe(true);
  });
});

describe("segments", () => {
  it("saves a filter, counts it live, and resolves it for Broadcasts with hand-added members", async () => {
    const { owner, rows } = await orgWithContacts(12);
    const filter = { match: "all", rules: [{ field: "tag", op: "eq", value: "vip" }] };
    const { segment } = await expectJson<{ segment: { id: string } }>(
      await owner.browser.post("/api/segments", { name: "VIPs", filter }),
      201,
    );
    await expectError(await owner.browser.post("/api/segments", { name: "VIPs", filter }), 409, "segment_name_taken");
    const listed = await expectJson<{ segments: { id: string; count: number }[] }>(await owner.browser.get("/api/segments"));
    expect(listed.segments.find((s) => s.id === segment.id)?.count).toBe(4);
    // Bulk "add to segment" adds hand-picked contacts beside the filter's matches.
    await expectJson(
      await owner.browser.post("/api/contacts/bulk", { ids: [rows[1]!.id], action: { type: "addToSegment", segmentId: segment.id } }),
    );
    const resolved = await resolveSegment(openDb(env.DB), owner.orgId, { segmentId: segment.id });
    expect(resolved.map((c) => c.id).sort()).toEqual([rows[0], rows[1], rows[3], rows[6], rows[9]].map((r) => r!.id).sort());
    const page = await list(owner, { segmentId: segment.id, limit: "50" });
    expect(page.contacts).toHaveLength(5);
  });
});

describe("bulk actions", () => {
  it("tag, stage and owner for a filter's matches, live to other agents; delete needs an admin", async () => {
    const { owner, rows } = await orgWithContacts(9);
    const agent = await addMember(owner, "agent");
    const watcher = await socket(agent, "/api/live/inbox");
    await watcher.next((f) => f.t === "ready");
    const vip = { match: "all", rules: [{ field: "tag", op: "eq", value: "vip" }] };
    const tagged = await expectJson<{ count: number }>(
      await agent.browser.post("/api/contacts/bulk", { filter: vip, action: { type: "addTag", tag: "spring" } }),
    );
    expect(tagged.count).toBe(3);
    const again = await expectJson<{ count: number }>(
      await agent.browser.post("/api/contacts/bulk", { filter: vip, action: { type: "addTag", tag: "spring" } }),
    );
    expect(again.count).toBe(0);
    const frame = await watcher.next((f) => f.t === "contact" && f.contactId === rows[3]!.id);
    expect((frame.changes as { tags: string[] }).tags).toEqual(["vip", "spring"]);
    const staged = await expectJson<{ count: number }>(
      await agent.browser.post("/api/contacts/bulk", { ids: [rows[0]!.id, rows[1]!.id], action: { type: "setStage", stage: "customer" } }),
    );
    expect(staged.count).toBe(2);
    const { events } = await expectJson<{ events: { kind: string; detail: unknown }[] }>(
      await owner.browser.get(`/api/contacts/${rows[0]!.id}/timeline`),
    );
    expect(events).toEqual([expect.objectContaining({ kind: "stage", detail: { from: "new_lead", to: "customer" } })]);
    const board = await expectJson<{ stages: { key: string; count: number }[] }>(await owner.browser.get("/api/lifecycle-stages/board"));
    expect(board.stages.map((s) => [s.key, s.count])).toEqual([
      ["new_lead", 7],
      ["qualified", 0],
      ["customer", 2],
      ["repeat_customer", 0],
      ["churned", 0],
    ]);
    await expectError(await agent.browser.post("/api/contacts/bulk", { ids: [rows[2]!.id], action: { type: "delete" } }), 403, "forbidden");
    await expectError(
      await agent.browser.post("/api/contacts/bulk", { ids: [rows[2]!.id], action: { type: "setStage", stage: "zzz" } }),
      422,
      "unknown_stage",
    );
    const deleted = await expectJson<{ count: number }>(
      await owner.browser.post("/api/contacts/bulk", { ids: [rows[2]!.id], action: { type: "delete" } }),
    );
    expect(deleted.count).toBe(1);
    await watcher.next((f) => f.t === "contacts_removed" && (f.ids as string[]).includes(rows[2]!.id));
    watcher.close();
  });
});
