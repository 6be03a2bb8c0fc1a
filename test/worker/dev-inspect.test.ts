import { env, SELF } from "cloudflare:test";
import { app } from "../../worker/app";
import { describe, expect, it } from "vitest";
import { backoffSeconds } from "../../worker/jobs/consume-jobs";
import { expectJson } from "../support/api-errors";
import { shop } from "../support/commerce";
import { ALICE, createTenant } from "../support/parley";

describe("/api/dev (local inspection)", () => {
  it("is 404 unless DEV_TOOLS=1, whatever the host", async () => {
    const t = await createTenant();
    await t.post("msg_01_text");
    for (const host of ["http://127.0.0.1:8787", "https://parley.example.com"]) {
      const res = await SELF.fetch(`${host}/api/dev/customers/${t.phoneNumberId}/${ALICE.waId}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
    }
  });

  it("with DEV_TOOLS=1, answers loopback only: a forged Host from elsewhere is still 404", async () => {
    const t = await createTenant();
    await t.post("msg_01_text");
    const path = `/api/dev/customers/${t.phoneNumberId}/${ALICE.waId}`;
    const devEnv = { ...env, DEV_TOOLS: "1" };
    const ask = (host: string, ip?: string) => app.request(`${host}${path}`, { headers: ip ? { "cf-connecting-ip": ip } : {} }, devEnv);
    expect((await ask("http://127.0.0.1:8787")).status).toBe(200);
    expect((await ask("http://127.0.0.1:8787", "127.0.0.1")).status).toBe(200);
    expect((await ask("http://127.0.0.1:8787", "203.0.113.9")).status).toBe(404);
    expect((await ask("https://parley.example.com", "127.0.0.1")).status).toBe(404);
  });
});

describe("/api/dev purchase history rebuild", () => {
  it("with DEV_TOOLS=1, rebuilds history and predictions from orders that never went through a status move", async () => {
    const s = await shop();
    const day = 86_400_000;
    const placed = Date.now() - 10 * day;
    // An order as the demo seeds it: written straight into D1, delivered, with no history rows derived.
    await env.DB.batch([
      env.DB.prepare(
        `insert into orders (id, org_id, number, contact_id, status, source, currency, subtotal_minor, total_minor, placed_at, created_at, updated_at)
         values ('ord_seeded', ?1, 1, ?2, 'delivered', 'import', 'EUR', 2500, 2500, ?3, ?3, ?3)`,
      ).bind(s.orgId, s.contactId, placed),
      env.DB.prepare(
        `insert into order_lines (id, order_id, org_id, position, product_id, sku, name, quantity, unit_price_minor, line_total_minor)
         values ('lin_seeded', 'ord_seeded', ?1, 0, ?2, 'MUG-BLUE', 'Blue mug', 2, 1250, 2500)`,
      ).bind(s.orgId, s.products.mug.id),
    ]);
    const history = async () =>
      expectJson<{ stats: { orderCount: number; lifetimeMinor: number }[]; predictions: { productId: string }[] }>(
        await s.owner.browser.get(`/api/purchase-history/${s.contactId}`),
      );
    expect((await history()).stats).toEqual([]);

    const path = `http://127.0.0.1:8787/api/dev/orgs/${s.orgId}/purchase-history/rebuild`;
    const csrf = { cookie: "__Host-wa_csrf_token=t", "x-csrf-token": "t" };
    expect((await app.request(path, { method: "POST", headers: csrf }, env)).status).toBe(404);
    const res = await app.request(path, { method: "POST", headers: csrf }, { ...env, DEV_TOOLS: "1" });
    expect(await res.json()).toEqual({ contacts: 1 });
    const after = await history();
    expect(after.stats).toMatchObject([{ orderCount: 1, lifetimeMinor: 2500 }]);
    expect(after.predictions.map((p) => p.productId)).toEqual([s.products.mug.id]);
  });
});

describe("job backoff", () => {
  it("doubles from 2 s and caps at 5 minutes", () => {
    expect([1, 2, 3, 8, 9, 20].map(backoffSeconds)).toEqual([2, 4, 8, 256, 300, 300]);
  });
});
