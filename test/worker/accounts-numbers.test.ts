/**
 * Connecting a WhatsApp number: checked against the Graph API (the local Meta peer), the token sealed
 * at rest, one organization per phone number id, and the webhook set-up shown to admins only.
 */
import { createExecutionContext, env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { open, sealingKeysFromEnv } from "../../worker/crypto/secret-box";
import * as schema from "../../db/schema";
import { app } from "../../worker/app";
import { appOrigins } from "../../worker/app-origin";
import { webhookUrl } from "../../worker/routes/numbers";
import { addMember, signUpOwner, type Member } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { auditOf, orgState } from "../support/org-state";
import { createTenant, db } from "../support/parley";

/** The one number the peer knows (test/peers/meta-graph.ts DEMO_PHONE_NUMBER). */
const DEMO = { phoneNumberId: "106540352242922", wabaId: "102290129340398" };

interface PublicNumber {
  id: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  verifiedName: string | null;
}

const connect = (m: Member, body: Record<string, string>) => m.browser.post("/api/numbers", body);
const numberRows = (phoneNumberId: string) =>
  db().select().from(schema.whatsappNumbers).where(eq(schema.whatsappNumbers.phoneNumberId, phoneNumberId)).all();

async function failPeerOnce(status: number, message: string): Promise<void> {
  const res = await fetch(`${inject("metaPeerUrl")}/__peer/fail`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ status, code: 2, message, method: "GET", pathPattern: `^/${DEMO.phoneNumberId}$`, times: 1 }),
  });
  expect(res.status).toBe(204);
}

describe("connecting a number", () => {
  // One D1 per test file: the demo number can belong to one org at a time.
  beforeEach(async () => {
    await db().delete(schema.whatsappNumbers).where(eq(schema.whatsappNumbers.phoneNumberId, DEMO.phoneNumberId));
  });

  it("checks it with Meta, stores what Meta says, and seals the token", async () => {
    const owner = await signUpOwner();
    const { number } = await expectJson<{ number: PublicNumber }>(
      await connect(owner, { ...DEMO, accessToken: env.META_ACCESS_TOKEN }),
      201,
    );
    expect(number).toMatchObject({ phoneNumberId: DEMO.phoneNumberId, displayPhoneNumber: "15550783881", verifiedName: "Parley Demo" });
    expect(JSON.stringify(number)).not.toContain(env.META_ACCESS_TOKEN);

    const [row] = await numberRows(DEMO.phoneNumberId);
    expect(row!.orgId).toBe(owner.orgId);
    expect(row!.accessTokenSealed).toMatch(/^v1\./);
    expect(row!.accessTokenSealed).not.toContain(env.META_ACCESS_TOKEN);
    expect(await open(sealingKeysFromEnv(env.ENCRYPTION_KEY), row!.accessTokenSealed, row!.id)).toBe(env.META_ACCESS_TOKEN);
    const [entry] = await auditOf(owner.orgId, "number.connected");
    expect(entry).toMatchObject({ actorId: owner.userId, targetId: number.id, detail: { phoneNumberId: DEMO.phoneNumberId } });
  });

  it("a token Meta refuses is 422 with Meta's message, and nothing is stored", async () => {
    const owner = await signUpOwner();
    const before = await orgState(owner.orgId);
    await expectError(
      await connect(owner, { ...DEMO, accessToken: "EAAG-not-a-valid-token-at-all" }),
      422,
      "number_check_failed",
      "Invalid OAuth access token",
    );
    expect(await orgState(owner.orgId)).toEqual(before);
    expect(await numberRows(DEMO.phoneNumberId)).toEqual([]);
  });

  it("a number Meta does not know is 422 with Meta's message, and nothing is stored", async () => {
    const owner = await signUpOwner();
    const before = await orgState(owner.orgId);
    await expectError(
      await connect(owner, { phoneNumberId: "999000111222333", wabaId: DEMO.wabaId, accessToken: env.META_ACCESS_TOKEN }),
      422,
      "number_check_failed",
      "does not exist",
    );
    expect(await orgState(owner.orgId)).toEqual(before);
  });

  it("Meta being down is 502 (try again), not a verdict on the number", async () => {
    const owner = await signUpOwner();
    const before = await orgState(owner.orgId);
    await failPeerOnce(503, "Service temporarily unavailable");
    await expectError(await connect(owner, { ...DEMO, accessToken: env.META_ACCESS_TOKEN }), 502, "graph_unreachable", "Try again");
    expect(await orgState(owner.orgId)).toEqual(before);
    expect(await numberRows(DEMO.phoneNumberId)).toEqual([]);
  });

  it("a phone number id already in another org is 409, and that org keeps it", async () => {
    const tenantB = await createTenant("Org B");
    const owner = await signUpOwner();
    const before = await orgState(owner.orgId);
    const theirs = await numberRows(tenantB.phoneNumberId);
    await expectError(
      await connect(owner, { phoneNumberId: tenantB.phoneNumberId, wabaId: DEMO.wabaId, accessToken: env.META_ACCESS_TOKEN }),
      409,
      "number_taken",
      "another organization",
    );
    expect(await orgState(owner.orgId)).toEqual(before);
    expect(await numberRows(tenantB.phoneNumberId)).toEqual(theirs);
  });

  it("connecting the same number twice is 409", async () => {
    const owner = await signUpOwner();
    await expectJson(await connect(owner, { ...DEMO, accessToken: env.META_ACCESS_TOKEN }), 201);
    const before = await orgState(owner.orgId);
    await expectError(await connect(owner, { ...DEMO, accessToken: env.META_ACCESS_TOKEN }), 409, "number_taken", "already connected");
    expect(await orgState(owner.orgId)).toEqual(before);
  });

  it("refuses malformed ids and short tokens before calling Meta", async () => {
    const owner = await signUpOwner();
    const before = await orgState(owner.orgId);
    await expectError(
      await connect(owner, { ...DEMO, phoneNumberId: "+1 555 0100", accessToken: env.META_ACCESS_TOKEN }),
      400,
      "invalid_body",
      "phoneNumberId",
    );
    await expectError(await connect(owner, { ...DEMO, accessToken: "short" }), 400, "invalid_body", "accessToken");
    expect(await orgState(owner.orgId)).toEqual(before);
  });
});

describe("numbers page", () => {
  it("shows the webhook URL and verify token to admins only", async () => {
    const owner = await signUpOwner();
    const admin = await addMember(owner, "admin");
    const agent = await addMember(owner, "agent");
    for (const m of [owner, admin]) {
      const page = await expectJson<{ webhook: { url: string; verifyToken: string } }>(await m.browser.get("/api/numbers"));
      expect(page.webhook).toEqual({ url: "http://127.0.0.1:8787/webhooks/whatsapp", verifyToken: env.META_VERIFY_TOKEN });
    }
    const agentPage = await expectJson<Record<string, unknown>>(await agent.browser.get("/api/numbers"));
    expect(Object.keys(agentPage)).toEqual(["numbers"]);
  });

  it("names the webhook-only Worker as Meta's callback URL once a deploy has set WEBHOOK_ORIGIN", async () => {
    const owner = await signUpOwner();
    const cookie = [...owner.browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    // The deployed app's env: this runtime's bindings with the origin the first deploy writes.
    const deployed = { ...env, WEBHOOK_ORIGIN: "https://parley-hooks.acme.workers.dev" };
    const res = await app.request("https://parley.test/api/numbers", { headers: { cookie } }, deployed, createExecutionContext());
    expect((await expectJson<{ webhook: { url: string } }>(res)).webhook.url).toBe(
      "https://parley-hooks.acme.workers.dev/webhooks/whatsapp",
    );
    // Several app origins (the sockets accept each): without WEBHOOK_ORIGIN the first is the app's address.
    expect(webhookUrl({ WEBHOOK_ORIGIN: "", APP_ORIGIN: " https://app.example.com/, https://staging.example.com" })).toBe(
      "https://app.example.com/webhooks/whatsapp",
    );
    // The same first origin makes invite links (worker/app-origin.ts); the sockets accept every one.
    expect(appOrigins({ APP_ORIGIN: " https://app.example.com/, https://staging.example.com" })).toEqual([
      "https://app.example.com",
      "https://staging.example.com",
    ]);
  });

  it("an admin removes a number; removing it again is 404", async () => {
    const tenant = await createTenant();
    const owner = await signUpOwner();
    await db().update(schema.whatsappNumbers).set({ orgId: owner.orgId }).where(eq(schema.whatsappNumbers.id, tenant.numberId));
    const listed = await expectJson<{ numbers: PublicNumber[] }>(await owner.browser.get("/api/numbers"));
    expect(listed.numbers.map((n) => n.id)).toEqual([tenant.numberId]);
    expect(JSON.stringify(listed)).not.toContain("accessToken");
    expect(await expectJson(await owner.browser.delete(`/api/numbers/${tenant.numberId}`))).toEqual({ removed: true });
    expect(await numberRows(tenant.phoneNumberId)).toEqual([]);
    expect(await auditOf(owner.orgId, "number.removed")).toHaveLength(1);
    const before = await orgState(owner.orgId);
    await expectError(await owner.browser.delete(`/api/numbers/${tenant.numberId}`), 404, "number_not_found");
    expect(await orgState(owner.orgId)).toEqual(before);
  });
});
