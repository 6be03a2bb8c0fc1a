/**
 * Public API keys: a key acts as its org with only its scopes on the documented routes, without CSRF;
 * it cannot reach another org's data, exceed its scopes or its rate, and stops at once when revoked.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, contacts } from "../../db/schema";
import { apiKeys } from "../../db/tables/integrations";
import { addMember, signUpOwner } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { createKey, withKey } from "../support/integrations";
import { db } from "../support/parley";

interface ContactList {
  contacts: { id: string; displayName: string | null }[];
}

async function seedContact(orgId: string, name: string) {
  const id = `ct_${crypto.randomUUID().slice(0, 8)}`;
  await db()
    .insert(contacts)
    .values({ id, orgId, waId: `3519${Math.floor(Math.random() * 1e8)}`, profileName: name, updatedAt: Date.now() });
  return id;
}

describe("API keys", () => {
  it("reads and writes the key's own org, with no CSRF header, and is shown once, stored hashed", async () => {
    const owner = await signUpOwner("Keyed");
    const mine = await seedContact(owner.orgId, "Mine");
    const { key, secret } = await createKey(owner, ["contacts:read", "contacts:write"]);
    expect(secret).toMatch(/^prk_[\w-]{43}$/);
    expect(secret.startsWith(key.prefix)).toBe(true);
    const row = await db().select().from(apiKeys).where(eq(apiKeys.id, key.id)).get();
    expect(row!.hash).not.toContain(secret.slice(4));
    expect(JSON.stringify(await expectJson(await owner.browser.get("/api/integrations/keys")))).not.toContain(secret);

    const list = await expectJson<ContactList>(await withKey(secret, "GET", "/api/contacts"));
    expect(list.contacts.map((c) => c.id)).toContain(mine);
    const created = await expectJson<{ contact: { id: string } }>(
      await withKey(secret, "POST", "/api/contacts", { phone: "+351 912 345 678", displayName: "From the shop" }),
      201,
    );
    const stored = await db().select().from(contacts).where(eq(contacts.id, created.contact.id)).get();
    expect(stored?.orgId).toBe(owner.orgId);

    const audit = await db().select().from(auditLog).where(eq(auditLog.orgId, owner.orgId)).all();
    expect(audit.map((a) => a.action)).toContain("integrations.key_created");
    const listed = await expectJson<{ keys: { id: string; lastUsedAt: number | null }[] }>(
      await owner.browser.get("/api/integrations/keys"),
    );
    expect(listed.keys.find((k) => k.id === key.id)?.lastUsedAt).toBeGreaterThan(0);
    const log = await expectJson<{ requests: { keyId: string; method: string; path: string; status: number }[] }>(
      await owner.browser.get(`/api/integrations/requests?keyId=${key.id}`),
    );
    expect(log.requests.map((r) => `${r.method} ${r.path} ${r.status}`).sort()).toEqual([
      "GET /api/contacts 200",
      "POST /api/contacts 201",
    ]);
  });

  it("cannot read or write another org's data", async () => {
    const a = await signUpOwner("Org A");
    const b = await signUpOwner("Org B");
    const theirs = await seedContact(b.orgId, "Theirs");
    const { secret } = await createKey(a, ["contacts:read", "contacts:write"]);
    const list = await expectJson<ContactList>(await withKey(secret, "GET", "/api/contacts"));
    expect(list.contacts.map((c) => c.id)).not.toContain(theirs);
    await expectError(await withKey(secret, "GET", `/api/contacts/${theirs}`), 404, "contact_not_found");
    await expectError(await withKey(secret, "PATCH", `/api/contacts/${theirs}`, { displayName: "Hijacked" }), 404, "contact_not_found");
    const after = await db().select().from(contacts).where(eq(contacts.id, theirs)).get();
    expect(after?.displayName ?? null).toBeNull();
  });

  it("cannot exceed its scopes or reach routes keys are not for", async () => {
    const owner = await signUpOwner();
    const { secret } = await createKey(owner, ["contacts:read"]);
    const before = await db().select().from(contacts).where(eq(contacts.orgId, owner.orgId)).all();
    const refused = await expectError(
      await withKey(secret, "POST", "/api/contacts", { phone: "+351912000111" }),
      403,
      "api_key_scope_missing",
    );
    expect(refused).toMatch(/contacts:write/);
    expect(await db().select().from(contacts).where(eq(contacts.orgId, owner.orgId)).all()).toEqual(before);
    await expectError(await withKey(secret, "GET", "/api/orders"), 403, "api_key_scope_missing");
    await expectError(await withKey(secret, "GET", "/api/team/members"), 403, "api_key_not_allowed");
    await expectError(await withKey(secret, "GET", "/api/integrations/keys"), 403, "api_key_not_allowed");
    await expectError(
      await withKey(secret, "POST", "/api/integrations/keys", { name: "x", scopes: ["contacts:write"] }),
      403,
      "api_key_not_allowed",
    );
  });

  it("a revoked key gets 401 at once; unknown or malformed keys get 401; a key beside a session cookie gets 400", async () => {
    const owner = await signUpOwner();
    const { key, secret } = await createKey(owner, ["contacts:read"]);
    await expectJson(await withKey(secret, "GET", "/api/contacts"));
    const revoked = await expectJson<{ key: { revokedAt: number | null } }>(await owner.browser.delete(`/api/integrations/keys/${key.id}`));
    expect(revoked.key.revokedAt).toBeGreaterThan(0);
    await expectError(await withKey(secret, "GET", "/api/contacts"), 401, "api_key_revoked");
    await expectError(await withKey(`${secret.slice(0, -2)}xx`, "GET", "/api/contacts"), 401, "api_key_invalid");
    await expectError(await withKey("sk_live_not_ours", "GET", "/api/contacts"), 401, "api_key_invalid");
    // Another scheme (a proxy's Basic auth) is not a key: the session works as before.
    await expectJson(await owner.browser.request("GET", "/api/contacts", undefined, { authorization: "Basic dXNlcjpwYXNz" }));
    const fresh = await createKey(owner, ["contacts:read"]);
    await expectError(
      await owner.browser.request("GET", "/api/contacts", undefined, { authorization: `Bearer ${fresh.secret}` }),
      400,
      "mixed_credentials",
    );
    const audit = await db().select().from(auditLog).where(eq(auditLog.orgId, owner.orgId)).all();
    expect(audit.map((a) => a.action)).toContain("integrations.key_revoked");
  });

  it("is rate limited per key with Retry-After", async () => {
    const owner = await signUpOwner();
    const slow = await createKey(owner, ["contacts:read"], { rateLimitPerMinute: 2 });
    const other = await createKey(owner, ["contacts:read"], { rateLimitPerMinute: 2 });
    await expectJson(await withKey(slow.secret, "GET", "/api/contacts"));
    await expectJson(await withKey(slow.secret, "GET", "/api/contacts"));
    const third = await withKey(slow.secret, "GET", "/api/contacts");
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    await expectError(third, 429, "rate_limited");
    await expectJson(await withKey(other.secret, "GET", "/api/contacts"));
  });

  it("only owners and admins manage keys, each in their own org; bad input is refused with the field", async () => {
    const owner = await signUpOwner();
    const agent = await addMember(owner, "agent");
    await expectError(await agent.browser.get("/api/integrations/keys"), 403, "forbidden");
    await expectError(await agent.browser.post("/api/integrations/keys", { name: "x", scopes: ["contacts:read"] }), 403, "forbidden");
    const admin = await addMember(owner, "admin");
    const { key } = await createKey(admin, ["orders:read"]);

    const stranger = await signUpOwner("Elsewhere");
    const theirs = await expectJson<{ keys: { id: string }[] }>(await stranger.browser.get("/api/integrations/keys"));
    expect(theirs.keys).toEqual([]);
    await expectError(await stranger.browser.delete(`/api/integrations/keys/${key.id}`), 404, "api_key_not_found");
    expect((await db().select().from(apiKeys).where(eq(apiKeys.id, key.id)).get())?.revokedAt).toBeNull();

    const post = (body: unknown) => owner.browser.post("/api/integrations/keys", body);
    await expectError(await post({ name: "x", scopes: [] }), 400, "invalid_body", "scopes");
    await expectError(await post({ name: "x", scopes: ["everything:all"] }), 400, "invalid_body", "scopes");
    await expectError(await post({ name: "", scopes: ["contacts:read"] }), 400, "invalid_body", "name");
    await expectError(
      await post({ name: "x", scopes: ["contacts:read"], rateLimitPerMinute: 0 }),
      400,
      "invalid_body",
      "rateLimitPerMinute",
    );
    const keys = await db().select().from(apiKeys).where(eq(apiKeys.orgId, owner.orgId)).all();
    expect(keys.map((k) => k.id)).toEqual([key.id]);
  });
});
