import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  allMessagesOf,
  contactsOf,
  conversationsOf,
  createTenant,
  fixture,
  postWebhook,
  projectionsSettled,
  signature,
} from "../support/parley";

async function expectNothingStored(orgId: string) {
  expect(await conversationsOf(orgId)).toEqual([]);
  expect(await contactsOf(orgId)).toEqual([]);
}

describe("POST /webhooks/whatsapp: signature and body checks", () => {
  it("stores a correctly signed message", async () => {
    const t = await createTenant();
    const res = await t.post("msg_01_text");
    expect(res.status).toBe(200);
    expect(await allMessagesOf(t.orgId)).toHaveLength(1);
  });

  it.each([
    ["missing", null, 401, "signature_missing"],
    ["without the sha256= prefix", "deadbeef".repeat(8), 401, "signature_malformed"],
    ["sha1", `sha1=${"ab".repeat(20)}`, 401, "signature_malformed"],
    ["too short", "sha256=abcdef", 401, "signature_malformed"],
    ["not hex", `sha256=${"zz".repeat(32)}`, 401, "signature_malformed"],
    ["wrong", `sha256=${"00".repeat(32)}`, 403, "signature_invalid"],
  ])("refuses a %s signature (%s → %i) and stores nothing", async (_, header, status, code) => {
    const t = await createTenant();
    const res = await postWebhook(fixture("msg_01_text", t.phoneNumberId), { "x-hub-signature-256": header });
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: { code, message: expect.any(String) } });
    await expectNothingStored(t.orgId);
  });

  it("refuses a signature made with another secret", async () => {
    const t = await createTenant();
    const body = fixture("msg_01_text", t.phoneNumberId);
    const res = await postWebhook(body, { "x-hub-signature-256": await signature(body, "someone_elses_secret") });
    expect(res.status).toBe(403);
    await expectNothingStored(t.orgId);
  });

  it("refuses a body changed after signing", async () => {
    const t = await createTenant();
    const body = fixture("msg_01_text", t.phoneNumberId);
    const res = await postWebhook(body.replace("Lisbon", "Porto"), { "x-hub-signature-256": await signature(body) });
    expect(res.status).toBe(403);
    await expectNothingStored(t.orgId);
  });

  it("verifies the raw bytes: Meta's escaped wire form passes, re-serialized JSON does not", async () => {
    const t = await createTenant();
    const wire = fixture("msg_29_text_unicode_wire_escaped", t.phoneNumberId);
    expect(wire).toContain("\\/");
    const reserialized = JSON.stringify(JSON.parse(wire));
    const forged = await postWebhook(wire, { "x-hub-signature-256": await signature(reserialized) });
    expect(forged.status).toBe(403);
    const res = await postWebhook(wire);
    expect(res.status).toBe(200);
    const [message] = await allMessagesOf(t.orgId);
    const expected = (JSON.parse(wire) as { entry: { changes: { value: { messages: { text: { body: string } }[] } }[] }[] }).entry[0]!
      .changes[0]!.value.messages[0]!.text.body;
    expect(message?.content).toEqual({ type: "text", body: expected });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test asks for any character outside ASCII
    expect(expected).toMatch(/[^\u0000-\u007f]/);
  });

  it("accepts a 3 MB body", async () => {
    const t = await createTenant();
    const body = fixture("msg_01_text", t.phoneNumberId);
    const padded = body.replace(/}\s*$/, `${" ".repeat(3_000_000 - body.length + 10)}}`);
    expect(padded.length).toBeGreaterThanOrEqual(3_000_000);
    const res = await postWebhook(padded);
    expect(res.status).toBe(200);
    expect(await allMessagesOf(t.orgId)).toHaveLength(1);
  });

  it("refuses a body over the limit with 413 and stores nothing", async () => {
    const t = await createTenant();
    const body = fixture("msg_01_text", t.phoneNumberId);
    const huge = body.replace(/}\s*$/, `${" ".repeat(4 * 1024 * 1024)}}`);
    const res = await postWebhook(huge);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "payload_too_large" } });
    await expectNothingStored(t.orgId);
  });

  it("limits a body sent without a length (chunked) as it streams: 413 over the limit, stored under it", async () => {
    const t = await createTenant();
    const chunked = async (text: string) => {
      const bytes = new TextEncoder().encode(text);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 1 << 20) controller.enqueue(bytes.slice(i, i + (1 << 20)));
          controller.close();
        },
      });
      const headers = { "content-type": "application/json", "x-hub-signature-256": await signature(text) };
      return SELF.fetch("https://parley.test/webhooks/whatsapp", { method: "POST", headers, body: stream });
    };
    const body = fixture("msg_01_text", t.phoneNumberId);
    const over = await chunked(body.replace(/}\s*$/, `${" ".repeat(4 * 1024 * 1024)}}`));
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ error: { code: "payload_too_large" } });
    await expectNothingStored(t.orgId);
    const ok = await chunked(body);
    expect(ok.status).toBe(200);
    await projectionsSettled(body);
    expect(await allMessagesOf(t.orgId)).toHaveLength(1);
  });

  it("answers invalid JSON with a valid signature with 400", async () => {
    const t = await createTenant();
    const res = await postWebhook(fixture("malformed_01_invalid_json.txt", t.phoneNumberId));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_json" } });
    await expectNothingStored(t.orgId);
  });

  it.each(["malformed_02_entry_not_array", "malformed_03_missing_metadata"])(
    "answers a body that breaks Meta's shape (%s) with 400 and a message naming where",
    async (name) => {
      const t = await createTenant();
      const res = await t.post(name);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("invalid_webhook");
      expect(body.error.message).toMatch(/ at /);
      await expectNothingStored(t.orgId);
    },
  );

  it("keeps what was stored when a later body is refused", async () => {
    const t = await createTenant();
    await t.post("msg_01_text");
    await postWebhook(fixture("msg_11_location", t.phoneNumberId), { "x-hub-signature-256": `sha256=${"00".repeat(32)}` });
    await t.post("malformed_03_missing_metadata");
    const messages = await allMessagesOf(t.orgId);
    expect(messages.map((m) => m.content.type)).toEqual(["text"]);
    expect((await conversationsOf(t.orgId))[0]?.messageCount).toBe(1);
  });

  it("sends security headers and JSON errors on unknown routes", async () => {
    const { SELF } = await import("cloudflare:test");
    const res = await SELF.fetch("https://parley.test/api/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "No such route." } });
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toContain("max-age=");
  });
});
