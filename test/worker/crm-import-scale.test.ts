/**
 * The size issue 14 names: a generated 100,000-row CSV imports in workerd through the Queue, in
 * chunks, without a timeout, every row a contact; and two deliveries of one step racing each other
 * (a Queue redelivery) apply each chunk once.
 */
import { env } from "cloudflare:test";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts } from "../../db/schema";
import { contactImports } from "../../db/tables/crm";
import { billingAccountOf, saveBillingAccount } from "../../worker/billing/billing-account";
import { runImportStep } from "../../worker/crm/import/import-job";
import { signUpOwner } from "../support/accounts";
import { expectJson } from "../support/api-errors";
import { upload, waitForImport } from "../support/imports";
import { db } from "../support/parley";

const countOf = async (orgId: string) => (await db().select({ n: count() }).from(contacts).where(eq(contacts.orgId, orgId)).get())!.n;

function generatedCsv(rows: number): string {
  const lines = ["Name,Phone,Email,Tags,City"];
  for (let i = 0; i < rows; i++) lines.push(`Customer ${i},+351 91${String(i).padStart(7, "0")},c${i}@example.com,"bulk,t${i % 7}",Lisboa`);
  return `${lines.join("\n")}\n`;
}

describe("import at scale", () => {
  it("imports 100,000 rows in the background", { timeout: 600_000 }, async () => {
    const owner = await signUpOwner("Big Co");
    // Business allows 100,000 contacts: the whole file fits exactly.
    await saveBillingAccount(db() as never, {
      ...(await billingAccountOf(db() as never, owner.orgId)),
      plan: "business",
      status: "active",
    });
    const up = await upload(owner, generatedCsv(100_000), "big.csv");
    expect(up.import.totalRows).toBe(100_000);
    await expectJson(await owner.browser.post(`/api/contact-imports/${up.import.id}/start`, { mapping: up.import.mapping }), 202);
    const done = await waitForImport(owner, up.import.id, 540_000);
    expect(done).toMatchObject({ state: "done", nextRow: 100_000, created: 100_000, failed: 0 });
    expect(await countOf(owner.orgId)).toBe(100_000);
  });

  it("applies each chunk once when two deliveries of a step race", { timeout: 120_000 }, async () => {
    const owner = await signUpOwner("Race Co");
    const up = await upload(owner, generatedCsv(1_200));
    // Started by hand (no Queue message yet), then the same step delivered twice at once.
    await db()
      .update(contactImports)
      .set({ state: "pending", mapping: { "0": "name", "1": "phone", "2": "email", "3": "tags", "4": "city" } })
      .where(eq(contactImports.id, up.import.id));
    await Promise.all([
      runImportStep(env, { kind: "contacts.import", importId: up.import.id }),
      runImportStep(env, { kind: "contacts.import", importId: up.import.id }),
    ]);
    const done = await waitForImport(owner, up.import.id);
    expect(done).toMatchObject({ state: "done", created: 1_200, updated: 0, failed: 0 });
    expect(await countOf(owner.orgId)).toBe(1_200);
  });
});
