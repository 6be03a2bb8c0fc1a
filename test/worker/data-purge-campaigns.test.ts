/** The purge reaches every campaign's runner object too: its storage and its alarm (a scheduled send) go with the org. */
import { env, runInDurableObject } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { organizations } from "../../db/schema";
import { campaigns } from "../../db/tables/campaigns";
import { runnerOf } from "../../worker/campaigns/runner";
import { runPurgeStep } from "../../worker/data/purge-job";
import { signUpOwner } from "../support/accounts";
import { db } from "../support/parley";

async function scheduledCampaign(orgId: string, ownerId: string): Promise<string> {
  const id = `cmp_${crypto.randomUUID()}`;
  const now = Date.now();
  await db()
    .insert(campaigns)
    .values({
      id,
      orgId,
      name: "Spring sale",
      phoneNumberId: "106540352242922",
      templateName: "reorder",
      templateLanguage: "en",
      params: [],
      audience: { kind: "tags", tags: ["vip"] },
      status: "scheduled",
      createdBy: ownerId,
      createdAt: now,
      updatedAt: now,
    });
  await runnerOf(env, orgId, id).schedule(orgId, id, now + 3600_000);
  return id;
}

const runnerState = (orgId: string, id: string) =>
  runInDurableObject(runnerOf(env, orgId, id), async (_instance, state) => ({
    alarm: await state.storage.getAlarm(),
    rows: state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'sqlite_%'")
      .toArray()
      .reduce((n, t) => n + state.storage.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM "${t.name}"`).one().n, 0),
  }));

describe("purge: campaign runners", { timeout: 60_000 }, () => {
  it("deletes each campaign runner's storage and alarm; another org's runner keeps its own", async () => {
    const doomed = await signUpOwner("Doomed");
    const other = await signUpOwner("Other");
    const a = await scheduledCampaign(doomed.orgId, doomed.userId);
    const b = await scheduledCampaign(other.orgId, other.userId);
    expect(await runnerState(doomed.orgId, a)).toMatchObject({ alarm: expect.any(Number), rows: expect.any(Number) });
    expect((await runnerState(doomed.orgId, a)).rows).toBeGreaterThan(0);

    const now = Date.now();
    await db()
      .update(organizations)
      .set({ terminatedAt: now - 1000, purgeAfter: now - 1 })
      .where(eq(organizations.id, doomed.orgId));
    await runPurgeStep(env, { kind: "data.purge", orgId: doomed.orgId, now });

    expect(await runnerState(doomed.orgId, a)).toEqual({ alarm: null, rows: 0 });
    expect((await runnerState(other.orgId, b)).alarm).not.toBeNull();
  });
});
