import { SELF } from "cloudflare:test";
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
});

describe("job backoff", () => {
  it("doubles from 2 s and caps at 5 minutes", () => {
    expect([1, 2, 3, 8, 9, 20].map(backoffSeconds)).toEqual([2, 4, 8, 256, 300, 300]);
  });
});
