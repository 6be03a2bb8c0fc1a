/**
 * The audit log: every security-relevant action lands with who, from which IP and user agent; admins
 * read it with filters and pages; entries older than 12 months are purged by the cron job.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { AUDIT_RETENTION_MS, purgeExpired } from "../../worker/jobs/retention";
import { addMember, Browser, PASSWORD, signUpOwner, USER_AGENT, type Member } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { auditOf } from "../support/org-state";
import { db } from "../support/parley";
import { codeAt, enableTwoFactor } from "../support/two-factor";

type Page = { entries: schema.AuditEntry[]; nextBefore: number | null };

async function loginFrom(email: string, password: string): Promise<Browser> {
  const browser = new Browser();
  await browser.csrf();
  await browser.post("/api/auth/login", { email, password });
  return browser;
}

/** Seeds entries straight into D1 at chosen times (the API never writes back-dated entries). */
async function seedEntries(orgId: string, createdAts: number[], action = "data.exported"): Promise<string[]> {
  const rows = createdAts.map((createdAt, i) => ({ id: `seed-${crypto.randomUUID()}-${i}`, orgId, action, createdAt }));
  await db().insert(schema.auditLog).values(rows);
  return rows.map((r) => r.id);
}

async function allPages(m: Member, query: string): Promise<schema.AuditEntry[]> {
  const seen: schema.AuditEntry[] = [];
  let before: number | null = null;
  for (let i = 0; i < 50; i++) {
    const page: Page = await expectJson<Page>(await m.browser.get(`/api/audit?${query}${before === null ? "" : `&before=${before}`}`));
    seen.push(...page.entries);
    if (page.nextBefore === null) return seen;
    before = page.nextBefore;
  }
  throw new Error("paging did not end");
}

describe("what is written", () => {
  it("each security-relevant action, with actor, ip and user agent", { timeout: 30_000 }, async () => {
    const owner = await signUpOwner();
    const agent = await addMember(owner, "agent");
    const admin = await addMember(owner, "admin");
    const failed = await loginFrom(owner.email, "not the password");
    const laptop = await loginFrom(owner.email, PASSWORD);
    await expectJson(await laptop.post("/api/auth/logout"));
    const { secret } = await enableTwoFactor(admin);
    await expectJson(await admin.browser.post("/api/me/2fa/disable", { password: PASSWORD, code: codeAt(secret, 1) }));
    await expectJson(await owner.browser.patch(`/api/team/members/${agent.userId}`, { role: "admin" }));
    await expectJson(await owner.browser.delete(`/api/team/members/${agent.userId}`));
    const { number } = await expectJson<{ number: { id: string } }>(
      await owner.browser.post("/api/numbers", {
        phoneNumberId: "106540352242922",
        wabaId: "102290129340398",
        accessToken: env.META_ACCESS_TOKEN,
      }),
      201,
    );
    await expectJson(await owner.browser.delete(`/api/numbers/${number.id}`));
    await expectJson(await owner.browser.patch("/api/org", { name: "Renamed", staySignedIn: true }));

    const entries = await auditOf(owner.orgId);
    const one = (action: string) => {
      const found = entries.filter((e) => e.action === action);
      expect(found, action).toHaveLength(1);
      return found[0]!;
    };
    const by = (m: Member, ip: string) => ({ actorId: m.userId, actorEmail: m.email, ip, userAgent: USER_AGENT });
    expect(one("auth.signup")).toMatchObject(by(owner, owner.browser.ip));
    expect(one("auth.login_failed")).toMatchObject({ ...by(owner, failed.ip), detail: { reason: "password" } });
    expect(one("auth.logout")).toMatchObject(by(owner, laptop.ip));
    expect(entries.filter((e) => e.action === "auth.login").map((e) => e.ip)).toContain(laptop.ip);
    expect(one("auth.2fa_enabled")).toMatchObject({ ...by(admin, admin.browser.ip), targetId: admin.userId });
    expect(one("auth.2fa_disabled")).toMatchObject({ ...by(admin, admin.browser.ip), targetId: admin.userId });
    expect(entries.filter((e) => e.action === "team.invited").map((e) => e.detail)).toEqual([
      { email: agent.email, role: "agent" },
      { email: admin.email, role: "admin" },
    ]);
    expect(entries.filter((e) => e.action === "team.joined").map((e) => e.actorId)).toEqual([agent.userId, admin.userId]);
    expect(one("team.role_changed")).toMatchObject({
      ...by(owner, owner.browser.ip),
      targetId: agent.userId,
      detail: { from: "agent", to: "admin" },
    });
    expect(one("team.removed")).toMatchObject({ ...by(owner, owner.browser.ip), targetId: agent.userId, detail: { email: agent.email } });
    expect(one("number.connected")).toMatchObject({ ...by(owner, owner.browser.ip), targetId: number.id });
    expect(one("number.removed")).toMatchObject({ ...by(owner, owner.browser.ip), targetId: number.id });
    expect(one("org.settings_changed")).toMatchObject({ ...by(owner, owner.browser.ip), detail: { name: "Renamed", staySignedIn: true } });
    for (const e of entries) expect(e.createdAt).toBeGreaterThan(Date.now() - 60_000);
  });

  it("admins read it through the API; agents get 403", async () => {
    const owner = await signUpOwner();
    const admin = await addMember(owner, "admin");
    const agent = await addMember(owner, "agent");
    const page = await expectJson<Page>(await admin.browser.get("/api/audit"));
    expect(page.entries.map((e) => e.action)).toEqual(["team.joined", "team.invited", "team.joined", "team.invited", "auth.signup"]);
    expect(page.entries.every((e) => e.orgId === owner.orgId)).toBe(true);
    await expectError(await agent.browser.get("/api/audit"), 403, "forbidden");
  });
});

describe("reading it", () => {
  it("filters by action and by actor", async () => {
    const owner = await signUpOwner();
    const agent = await addMember(owner, "agent");
    await loginFrom(agent.email, "wrong password!");
    const byAction = await expectJson<Page>(await owner.browser.get("/api/audit?action=team.invited"));
    expect(byAction.entries.map((e) => e.action)).toEqual(["team.invited"]);
    const byActor = await expectJson<Page>(await owner.browser.get(`/api/audit?actorId=${agent.userId}`));
    expect(byActor.entries.map((e) => e.action)).toEqual(["auth.login_failed", "team.joined"]);
    const both = await expectJson<Page>(await owner.browser.get(`/api/audit?actorId=${agent.userId}&action=team.joined`));
    expect(both.entries).toHaveLength(1);
    await expectError(await owner.browser.get("/api/audit?orgId=somebody-else"), 400, "invalid_query");
    await expectError(await owner.browser.get("/api/audit?limit=100000"), 400, "invalid_query");
  });

  it("pages newest first with `before`, every entry exactly once", async () => {
    const owner = await signUpOwner();
    const base = Date.now() - 10_000;
    const ids = await seedEntries(
      owner.orgId,
      [1, 2, 3, 4, 5, 6, 7].map((k) => base + k * 100),
    );
    const first = await expectJson<Page>(await owner.browser.get("/api/audit?action=data.exported&limit=3"));
    expect(first.entries.map((e) => e.id)).toEqual([ids[6], ids[5], ids[4]]);
    expect(first.nextBefore).not.toBeNull();
    const seen = await allPages(owner, "action=data.exported&limit=3");
    expect(seen.map((e) => e.id)).toEqual([...ids].reverse());
  });

  it("pages correctly through entries written in the same millisecond", async () => {
    const owner = await signUpOwner();
    const at = Date.now() - 5_000;
    const ids = await seedEntries(owner.orgId, [at - 1, at, at, at, at + 1]);
    const seen = await allPages(owner, "action=data.exported&limit=2");
    expect(seen.map((e) => e.id).sort()).toEqual([...ids].sort());
    expect(new Set(seen.map((e) => e.id)).size).toBe(ids.length);
  });
});

describe("retention", () => {
  it("the cron purge deletes entries older than 12 months and keeps newer ones", async () => {
    const owner = await signUpOwner();
    const now = Date.now();
    const day = 24 * 3600_000;
    const [old, older] = await seedEntries(owner.orgId, [now - AUDIT_RETENTION_MS - day, now - 2 * AUDIT_RETENTION_MS]);
    const [recent, nearly] = await seedEntries(owner.orgId, [now - 30 * day, now - AUDIT_RETENTION_MS + day]);
    const kept = (await auditOf(owner.orgId)).filter((e) => e.action !== "data.exported").map((e) => e.id);
    await purgeExpired(env, now);
    const after = (await auditOf(owner.orgId)).map((e) => e.id);
    expect(after).not.toContain(old);
    expect(after).not.toContain(older);
    expect(after).toEqual(expect.arrayContaining([recent, nearly, ...kept]));
    expect(after).toHaveLength(kept.length + 2);
  });
});
