/**
 * The conversation list reads a page by walking one index in the list's own order. Without it SQLite
 * sorts every conversation the org has for each page of 50 (~10 ms at 10,000 rows in a probe, against
 * ~0.15 ms), so the inbox gets slower as the org grows. This checks the plan, not the time.
 */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { AuthContext } from "../../worker/app-env";
import { openDb } from "../../db/client";
import * as schema from "../../db/schema";
import { listQuery } from "../../worker/inbox/conversations";
import { listConversationsQuery } from "../../worker/schemas/inbox";
import { signUpOwner } from "../support/accounts";

async function planOf(auth: AuthContext, query: Record<string, string>): Promise<string[]> {
  const { sql, params } = listQuery(openDb(env.DB), auth, listConversationsQuery.parse(query)).toSQL();
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return results.map((r) => r.detail);
}

describe("the conversation list's query plan", () => {
  it("walks the list index in order, for every view and state, first page or later", async () => {
    const owner = await signUpOwner();
    const db = openDb(env.DB);
    const user = (await db.select().from(schema.users).where(eq(schema.users.id, owner.userId)).get())!;
    const org = (await db.select().from(schema.organizations).where(eq(schema.organizations.id, owner.orgId)).get())!;
    const session = (await db.select().from(schema.sessions).where(eq(schema.sessions.userId, owner.userId)).get())!;
    const auth: AuthContext = { user, org, session };
    const later = btoa(`${Date.now()}:cv_zzz`);

    for (const view of ["all", "mine", "unassigned"]) {
      for (const state of ["open", "snoozed", "closed"]) {
        for (const cursor of [undefined, later]) {
          const plan = await planOf(auth, { view, state, ...(cursor && { cursor }) });
          const where = `${view}/${state}${cursor ? " after a cursor" : ""}`;
          expect(
            plan.some((step) => step.includes("USING INDEX conversations_org_list")),
            `${where}: ${plan.join(" | ")}`,
          ).toBe(true);
          expect(
            plan.filter((step) => step.includes("TEMP B-TREE")),
            `${where}: ${plan.join(" | ")}`,
          ).toEqual([]);
        }
      }
    }
  });
});
