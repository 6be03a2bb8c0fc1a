/**
 * Deletion: an owner terminates the organization (re-auth, 2FA, name typed out): sessions end, numbers
 * are released, later webhooks are acknowledged and dropped; after 30 days the cron's purge leaves
 * nothing of the org in D1, rooms, OrgInbox or R2. End-customer erasure removes a contact and all of
 * theirs, audited without saying whom.
 */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDb } from "../../db/client";
import * as schema from "../../db/schema";
import { orgDataKeys } from "../../db/tables/data";
import { PURGE_GRACE_MS, startDuePurges } from "../../worker/data/terminate";
import { orgPrefixes } from "../../worker/data/purge-job";
import { addMember, Browser, PASSWORD, signUpOwner, type Member } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { seedConversations, waitForExport, type PublicExport } from "../support/data";
import { auditOf } from "../support/org-state";
import { contactsOf, conversationsOf, db, fixture, postWebhook, room } from "../support/parley";
import { codeAt, enableTwoFactor } from "../support/two-factor";

const DAY = 24 * 3600_000;

async function signIn(email: string): Promise<Browser> {
  const b = new Browser();
  await b.csrf();
  await b.json("POST", "/api/auth/login", { email, password: PASSWORD });
  return b;
}

/** Rows naming the org in every D1 table with an org_id column, and the org row itself. */
async function d1Remains(orgId: string): Promise<Record<string, number>> {
  const tables = (
    await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%`org_id`%'").all<{ name: string }>()
  ).results.map((r) => r.name);
  const out: Record<string, number> = {};
  for (const t of tables) {
    const n = (await env.DB.prepare(`SELECT count(*) AS n FROM "${t}" WHERE org_id = ?`).bind(orgId).first<{ n: number }>())!.n;
    if (n) out[t] = n;
  }
  const org = await env.DB.prepare("SELECT count(*) AS n FROM organizations WHERE id = ?").bind(orgId).first<{ n: number }>();
  if (org!.n) out.organizations = org!.n;
  return out;
}

async function r2Remains(orgId: string): Promise<string[]> {
  const keys: string[] = [];
  for (const prefix of orgPrefixes(orgId)) keys.push(...(await env.MEDIA.list({ prefix })).objects.map((o) => o.key));
  return keys;
}

/** An org with conversations, media and upload objects, a finished export, and an agent signed in. */
async function fullOrg() {
  const owner = await signUpOwner("Doomed Co");
  const agent = await addMember(owner, "agent");
  const seeded = await seedConversations(owner, 5);
  for (const c of seeded.conversations) {
    await env.MEDIA.put(`media/${owner.orgId}/${c.id}/m1`, "image bytes");
    await env.MEDIA.put(`uploads/${owner.orgId}/${c.id}/u1`, "upload bytes");
  }
  const { export: e } = await expectJson<{ export: PublicExport }>(await owner.browser.post("/api/data/exports"), 202);
  expect((await waitForExport(owner, e.id)).status).toBe("ready");
  return { owner, agent, ...seeded };
}

async function terminate(owner: Member, body: Record<string, unknown> = {}) {
  return owner.browser.post("/api/data/terminate", { password: PASSWORD, confirmName: "Doomed Co", ...body });
}

describe("organization termination", { timeout: 90_000 }, () => {
  it("checks the password and the typed name, then ends every session, releases the numbers and drops later webhooks", async () => {
    const { owner, agent, number } = await fullOrg();
    await expectError(await terminate(owner, { password: "not the password" }), 403, "wrong_password");
    await expectError(await terminate(owner, { confirmName: "Doomed" }), 400, "confirm_name");
    await expectError(await agent.browser.post("/api/data/terminate", { password: PASSWORD, confirmName: "Doomed Co" }), 403, "forbidden");
    expect((await d1Remains(owner.orgId)).whatsapp_numbers).toBe(1);

    const { purgeAfter } = await expectJson<{ purgeAfter: number }>(await terminate(owner));
    expect(purgeAfter).toBeGreaterThan(Date.now() + PURGE_GRACE_MS - 60_000);
    await expectError(await agent.browser.get("/api/team/members"), 401, "session_revoked");
    await expectError(await owner.browser.get("/api/team/members"), 401, "session_missing");
    expect((await d1Remains(owner.orgId)).whatsapp_numbers).toBeUndefined();
    expect(await auditOf(owner.orgId, "org.terminated")).toHaveLength(1);
    const { emailDeliveries } = await import("../../db/tables/email");
    const mails = await db().select().from(emailDeliveries).where(eq(emailDeliveries.orgId, owner.orgId)).all();
    expect(mails.filter((m) => m.template === "deletion_scheduled").map((m) => m.to)).toEqual([owner.email]);

    const before = (await conversationsOf(owner.orgId)).length;
    expect((await postWebhook(fixture("msg_01_text", number.phoneNumberId))).status).toBe(200);
    expect((await conversationsOf(owner.orgId)).length).toBe(before);

    // The owner may sign in: only /me and cancelling answer.
    const again = await signIn(owner.email);
    const me = await expectJson<{ org: { terminatedAt: number | null; purgeAfter: number } }>(await again.get("/api/auth/me"));
    expect(me.org.purgeAfter).toBe(purgeAfter);
    await expectError(await again.get("/api/team/members"), 403, "org_terminated");
    await expectError(await again.get("/api/data/exports"), 403, "org_terminated");
  });

  it("with 2FA on, needs a current code as well", async () => {
    const owner = await signUpOwner("Doomed Co");
    const { secret } = await enableTwoFactor(owner);
    await expectError(await terminate(owner), 403, "code_required");
    await expectError(await terminate(owner, { code: "000000" === codeAt(secret) ? "111111" : "000000" }), 403, "invalid_code");
    // The current code went to enrolment and works once; the next step's is within the window.
    await expectJson(await terminate(owner, { code: codeAt(secret, 1) }));
  });

  it("the owner can cancel within the grace period; after it, the purge has begun and cannot be stopped", async () => {
    const owner = await signUpOwner("Doomed Co");
    await expectJson(await terminate(owner));
    const again = await signIn(owner.email);
    await expectJson(await again.post("/api/data/terminate/cancel"));
    await expectJson(await again.get("/api/team/members"));
    expect(await auditOf(owner.orgId, "org.termination_cancelled")).toHaveLength(1);
    await expectError(await again.post("/api/data/terminate/cancel"), 409, "not_terminated");

    await expectJson(await again.post("/api/data/terminate", { password: PASSWORD, confirmName: "Doomed Co" }));
    await db()
      .update(schema.organizations)
      .set({ purgeAfter: Date.now() - 1 })
      .where(eq(schema.organizations.id, owner.orgId));
    const third = await signIn(owner.email);
    await expectError(await third.post("/api/data/terminate/cancel"), 409, "purge_started");
  });

  it("the cron purges nothing before 30 days, then everything: D1, every room, OrgInbox, R2", async () => {
    const { owner, conversations } = await fullOrg();
    const other = await fullOrgOther();
    expect(await r2Remains(owner.orgId)).not.toHaveLength(0);
    await expectJson(await terminate(owner));
    const now = Date.now();

    await startDuePurges(env, openDb(env.DB), now + PURGE_GRACE_MS - DAY);
    const { runPurgeStep } = await import("../../worker/data/purge-job");
    // Even a purge job sent early (a stale or forged one) leaves an org in its grace period alone.
    await runPurgeStep(env, { kind: "data.purge", orgId: owner.orgId, now: now + PURGE_GRACE_MS - DAY });
    expect(await contactsOf(owner.orgId)).toHaveLength(2);
    expect((await r2Remains(owner.orgId)).length).toBeGreaterThan(0);

    expect(await startDuePurges(env, openDb(env.DB), now + PURGE_GRACE_MS + DAY)).toBeGreaterThanOrEqual(1);
    const until = Date.now() + 60_000;
    while (Object.keys(await d1Remains(owner.orgId)).length && Date.now() < until) await new Promise((r) => setTimeout(r, 100));

    expect(await d1Remains(owner.orgId)).toEqual({});
    expect(await db().select().from(orgDataKeys).where(eq(orgDataKeys.orgId, owner.orgId)).all()).toEqual([]);
    for (const c of conversations) expect(await room(owner.orgId, c.id).exportMessages(0, 10)).toEqual([]);
    expect(await r2Remains(owner.orgId)).toEqual([]);
    // Another org is untouched.
    expect((await d1Remains(other.orgId)).contacts).toBe(2);
    expect((await r2Remains(other.orgId)).length).toBeGreaterThan(0);
  });
});

async function fullOrgOther() {
  const owner = await signUpOwner("Bystander");
  const { conversations } = await seedConversations(owner, 2);
  for (const c of conversations) await env.MEDIA.put(`media/${owner.orgId}/${c.id}/m1`, "image bytes");
  return owner;
}

describe("end-customer erasure", { timeout: 90_000 }, () => {
  it("deletes the contact, their room, media and uploads; others stay; the audit says only that it happened", async () => {
    const { owner, agent, conversations } = await fullOrg();
    const contacts = await contactsOf(owner.orgId);
    const victim = contacts[0]!;
    const conv = conversations.find((c) => c.contactId === victim.id)!;
    const kept = conversations.find((c) => c.contactId !== victim.id)!;
    await expectError(await agent.browser.delete(`/api/data/contacts/${victim.id}`), 403, "forbidden");

    const b = await signUpOwner("Org B");
    const bAdmin = await addMember(b, "admin");
    await expectError(await bAdmin.browser.delete(`/api/data/contacts/${victim.id}`), 404, "contact_not_found");
    await expectError(await b.browser.delete(`/api/data/contacts/${victim.id}`), 404, "contact_not_found");
    expect(await contactsOf(owner.orgId)).toHaveLength(2);

    await expectJson(await owner.browser.delete(`/api/data/contacts/${victim.id}`));
    expect((await contactsOf(owner.orgId)).map((c) => c.id)).toEqual([kept.contactId]);
    expect((await conversationsOf(owner.orgId)).map((c) => c.id)).toEqual([kept.id]);
    expect(await room(owner.orgId, conv.id).exportMessages(0, 10)).toEqual([]);
    expect((await room(owner.orgId, kept.id).exportMessages(0, 10)).length).toBeGreaterThan(0);
    const keys = await r2Remains(owner.orgId);
    expect(keys.filter((k) => k.includes(conv.id))).toEqual([]);
    expect(keys.filter((k) => k.includes(kept.id))).toHaveLength(2);

    const [entry] = await auditOf(owner.orgId, "data.contact_erased");
    expect(entry).toMatchObject({ actorId: owner.userId, targetType: null, targetId: null, detail: null });
    expect(JSON.stringify(entry)).not.toContain(victim.waId!);
    await expectError(await owner.browser.delete(`/api/data/contacts/${victim.id}`), 404, "contact_not_found");
  });
});
