import { describe, expect, it } from "vitest";
import { isValidMetaSignature, signMetaBody } from "./meta-signature.js";
import { inboundMessageBody, newWamid, signedWebhook, statusBody, statusUpdate, toMetaJson } from "./webhook-builders.js";

const number = { phoneNumberId: "106540352242922", displayPhoneNumber: "15550783881" };

describe("signMetaBody", () => {
  it("is sha256= plus the lowercase hex HMAC-SHA256 of the bytes", () => {
    // RFC-style vector: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
    expect(signMetaBody("key", "The quick brown fox jumps over the lazy dog")).toBe(
      "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
    );
    expect(signMetaBody("key", new TextEncoder().encode("The quick brown fox jumps over the lazy dog"))).toBe(
      signMetaBody("key", "The quick brown fox jumps over the lazy dog"),
    );
  });
});

describe("inboundMessageBody", () => {
  it("builds Meta's inbound message shape", () => {
    const body = inboundMessageBody({
      ...number,
      from: "16505551234",
      userId: "US.13491208655302741918",
      name: "Sheena Nelson",
      message: { type: "text", text: { body: "Hi" }, context: { from: "15550783881", id: "wamid.ctx" } },
    });
    expect(body).toEqual({
      object: "whatsapp_business_account",
      entry: [
        {
          id: expect.any(String),
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: { display_phone_number: "15550783881", phone_number_id: "106540352242922" },
                contacts: [{ profile: { name: "Sheena Nelson" }, wa_id: "16505551234", user_id: "US.13491208655302741918" }],
                messages: [
                  {
                    context: { from: "15550783881", id: "wamid.ctx" },
                    from: "16505551234",
                    from_user_id: "US.13491208655302741918",
                    id: expect.stringMatching(/^wamid\./),
                    timestamp: expect.stringMatching(/^\d{10}$/),
                    type: "text",
                    text: { body: "Hi" },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
  });

  it("puts a batch in one change, each message with its own wamid", () => {
    const body = inboundMessageBody({
      ...number,
      from: "1",
      name: "A",
      message: [
        { type: "text", text: { body: "1" } },
        { type: "text", text: { body: "2" } },
      ],
    });
    const ids = body.entry[0]?.changes[0]?.value.messages?.map((message) => message.id);
    expect(new Set(ids).size).toBe(2);
  });
});

describe("signedWebhook", () => {
  it("signs the exact escaped bytes it returns, as Meta does", () => {
    const body = inboundMessageBody({
      ...number,
      from: "1",
      name: "Zoë",
      message: { type: "reaction", reaction: { message_id: "wamid.x/y", emoji: "👍" } },
    });
    const { payload, headers } = signedWebhook("secret", body);
    expect(payload).toContain('"emoji":"\\ud83d\\udc4d"');
    expect(payload).toContain("Zo\\u00eb");
    expect(payload).toContain("wamid.x\\/y");
    expect(JSON.parse(payload)).toEqual(body);
    expect(isValidMetaSignature("secret", payload, headers["x-hub-signature-256"])).toBe(true);
    // The quirk the escaping exists to catch: a receiver that re-serializes before verifying fails.
    expect(isValidMetaSignature("secret", JSON.stringify(JSON.parse(payload)), headers["x-hub-signature-256"])).toBe(false);
    expect(headers["x-hub-signature"]).toMatch(/^sha1=[0-9a-f]{40}$/);
  });

  it("leaves plain ASCII identical to JSON.stringify", () => {
    const body = statusBody({ ...number, status: statusUpdate({ wamid: "wamid.A", status: "read", recipientId: "1" }) });
    expect(toMetaJson(body)).toBe(JSON.stringify(body));
  });
});

describe("statusUpdate", () => {
  it("shapes each stage as Meta does", () => {
    const base = { wamid: newWamid(), recipientId: "16505551234", category: "marketing" as const, conversationId: "c1" };
    expect(statusUpdate({ ...base, status: "sent" })).toMatchObject({
      conversation: { id: "c1", expiration_timestamp: expect.any(String), origin: { type: "marketing" } },
      pricing: { billable: true, category: "marketing", type: "regular" },
    });
    expect(statusUpdate({ ...base, status: "delivered" }).conversation).toEqual({ id: "c1", origin: { type: "marketing" } });
    expect(statusUpdate({ ...base, status: "read" })).not.toHaveProperty("pricing");
    expect(statusUpdate({ ...base, status: "failed", error: { code: 131050, title: "Opted out", details: "d" } })).toMatchObject({
      errors: [{ code: 131050, title: "Opted out", message: "Opted out", error_data: { details: "d" } }],
    });
  });
});

describe("newWamid", () => {
  it("looks like a real wamid: standard base64 with padding", () => {
    expect(newWamid()).toMatch(/^wamid\.[A-Za-z0-9+/]{47}=$/);
    expect(newWamid()).not.toBe(newWamid());
  });
});
