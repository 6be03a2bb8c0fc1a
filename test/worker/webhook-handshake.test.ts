import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

const verify = (params: Record<string, string>) => SELF.fetch(`https://parley.test/webhooks/whatsapp?${new URLSearchParams(params)}`);

describe("GET /webhooks/whatsapp (Meta's verification handshake)", () => {
  it("echoes the challenge verbatim as text/plain", async () => {
    const res = await verify({ "hub.mode": "subscribe", "hub.verify_token": "test-verify-token", "hub.challenge": "1158201444" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe("1158201444");
  });

  it("does not treat the challenge as a number", async () => {
    const challenge = "00012345678901234567890123456789";
    const res = await verify({ "hub.mode": "subscribe", "hub.verify_token": "test-verify-token", "hub.challenge": challenge });
    expect(await res.text()).toBe(challenge);
  });

  it.each([
    ["a wrong token", { "hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1" }],
    ["a wrong mode", { "hub.mode": "unsubscribe", "hub.verify_token": "test-verify-token", "hub.challenge": "1" }],
    ["no token", { "hub.mode": "subscribe", "hub.challenge": "1" }],
    ["no challenge", { "hub.mode": "subscribe", "hub.verify_token": "test-verify-token" }],
    ["nothing", {}],
  ])("refuses %s with 403 and a JSON error", async (_, params) => {
    const res = await verify(params);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: "verification_failed", message: expect.stringContaining("verify_token") } });
  });
});
