/**
 * The contacts list, its filters, segments, the import's lookups and the duplicate finder read D1
 * through indexes: no plan scans the contacts table, and a page is a walk of its sort's index (no
 * TEMP B-TREE), unless an equality on a selective index (one phone, one email) finds the few rows
 * first. This checks the plans, not the time (bench/ measures that at 100,000 contacts).
 */
import { env } from "cloudflare:test";
import type { SQL } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { openDb } from "../../db/client";
import { lookupQueries } from "../../worker/crm/import/apply-chunk";
import { duplicateQueries } from "../../worker/crm/merge/find-duplicates";
import { listCondition, pageQuery } from "../../worker/crm/list-contacts";
import { contactSorts } from "../../worker/schemas/contacts";
import { signUpOwner } from "../support/accounts";
import { expectJson } from "../support/api-errors";

const dialect = new SQLiteAsyncDialect();

async function planOf(q: { sql: string; params: unknown[] }): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
    .bind(...q.params)
    .all<{ detail: string }>();
  return results.map((r) => r.detail);
}

const scansContacts = (plan: string[]) => plan.filter((s) => /\bSCAN (contacts|c|a|b)\b(?! USING)/.test(s) || /^SCAN contacts$/.test(s));
const selective = (plan: string[]) => plan.some((s) => /USING (COVERING )?INDEX contacts_org_(wa|email|user) \(org_id=\? AND/.test(s));

describe("contacts query plans", () => {
  it("pages every sort, direction and filter by walking an index, never scanning or sorting the org's contacts", async () => {
    const owner = await signUpOwner("Plans Co");
    await expectJson(
      await owner.browser.post("/api/custom-fields", { key: "tier", label: "Tier", type: "select", options: ["gold"] }),
      201,
    );
    const { segment } = await expectJson<{ segment: { id: string } }>(
      await owner.browser.post("/api/segments", {
        name: "Gold",
        filter: { match: "all", rules: [{ field: "custom.tier", op: "eq", value: "gold" }] },
      }),
      201,
    );
    const db = openDb(env.DB);
    const rule = (field: string, op: string, value?: unknown) => JSON.stringify({ match: "all", rules: [{ field, op, value }] });
    const selections: { name: string; q?: string; filter?: string; segmentId?: string }[] = [
      { name: "everything" },
      { name: "search by name", q: "ana" },
      { name: "search by phone", q: "+351 912" },
      { name: "stage", filter: rule("stage", "eq", "customer") },
      { name: "tag", filter: rule("tag", "eq", "vip") },
      { name: "label", filter: rule("label", "in", ["VIP"]) },
      { name: "custom field", filter: rule("custom.tier", "eq", "gold") },
      { name: "lead score", filter: rule("leadScore", "gte", 50) },
      { name: "consent", filter: rule("optIn", "eq", "opted_in") },
      { name: "city", filter: rule("city", "contains", "lis") },
      { name: "email", filter: rule("email", "eq", "ana@example.com") },
      { name: "phone", filter: rule("phone", "eq", "351912345678") },
      {
        name: "any-of group",
        filter: JSON.stringify({
          match: "all",
          rules: [
            {
              match: "any",
              rules: [
                { field: "tag", op: "eq", value: "vip" },
                { field: "stage", op: "eq", value: "customer" },
              ],
            },
          ],
        }),
      },
      { name: "segment", segmentId: segment.id },
    ];
    let checked = 0;
    for (const s of selections) {
      const where = await listCondition(db, owner.orgId, s);
      for (const sort of contactSorts) {
        for (const dir of ["asc", "desc"] as const) {
          for (const cursor of [undefined, btoa(JSON.stringify([sort === "name" ? "m" : 5, "ct_zzz"]))]) {
            const plan = await planOf(pageQuery(db, where, { sort, dir, limit: 50, ...(cursor && { cursor }) }).toSQL());
            const label = `${s.name}, ${sort} ${dir}${cursor ? " after a cursor" : ""}: ${plan.join(" | ")}`;
            expect(scansContacts(plan), label).toEqual([]);
            if (!selective(plan))
              expect(
                plan.filter((p) => p.includes("TEMP B-TREE")),
                label,
              ).toEqual([]);
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(selections.length * contactSorts.length * 4);
  });

  it("finds duplicates and an import's existing contacts through indexes", async () => {
    const owner = await signUpOwner("Plans Co 2");
    for (const q of duplicateQueries(owner.orgId, 50) as SQL[]) {
      const plan = await planOf(dialect.sqlToQuery(q));
      expect(scansContacts(plan), plan.join(" | ")).toEqual([]);
      expect(plan.join(" | "), plan.join(" | ")).not.toMatch(/SCAN contact_numbers\b(?! USING)/);
    }
    // The import's lookup of a chunk's numbers and emails (worker/crm/import/apply-chunk.ts).
    const [byPhone, byEmail, former] = lookupQueries(openDb(env.DB), owner.orgId, ["351912345678"], ["a@example.com"]);
    // Each an equality search per value, never a walk of all the org's contacts.
    expect((await planOf(byPhone.toSQL())).join(" | ")).toMatch(/contacts_org_wa \(org_id=\? AND wa_id=\?\)/);
    expect((await planOf(byEmail.toSQL())).join(" | ")).toMatch(/contacts_org_email \(org_id=\? AND email=\?\)/);
    const earlier = await planOf(former.toSQL());
    expect(earlier.join(" | ")).toMatch(/contact_numbers_org_wa/);
  });
});
