import { env, SELF } from "cloudflare:test";
import { app } from "../../worker/app";
import { describe, expect, it } from "vitest";
import { backoffSeconds } from "../../worker/jobs/consume-jobs";
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

describe("job backoff", () => {
  it("doubles from 2 s and caps at 5 minutes", () => {
    expect([1, 2, 3, 8, 9, 20].map(backoffSeconds)).toEqual([2, 4, 8, 256, 300, 300]);
  });
});
