import { describe, expect, inject, it } from "vitest";
import type { Message } from "../../durable/protocol";
import { workspace } from "../support/live";
import { ALICE, conversationOf, fixtureWamid, messagesOf } from "../support/parley";

const peer = inject("metaPeerUrl");

describe("media", () => {
  it("uploads a file, sends it (uploaded to Meta first), and serves it back to the org only", async () => {
    const w = await workspace();
    await w.post("msg_01_text", (b) =>
      b
        .replace('"1781200000"', `"${Math.floor(Date.now() / 1000)}"`)
        .replace(fixtureWamid("msg_01_text", "messages"), `wamid.media-${crypto.randomUUID()}`),
    );
    const conv = await conversationOf(w.orgId, ALICE.waId);
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 10, 1, 2, 3]);
    const up = await w.owner.browser.request(
      "POST",
      `/api/conversations/${conv.id}/media?filename=${encodeURIComponent("invoice 1042.pdf")}`,
      bytes,
      { "content-type": "application/pdf" },
    );
    expect(up.status).toBe(201);
    const { uploadId } = (await up.json()) as { uploadId: string };
    const clientId = crypto.randomUUID();
    const sent = await w.owner.browser.post(`/api/conversations/${conv.id}/messages`, {
      type: "document",
      clientId,
      uploadId,
      caption: "Your invoice",
    });
    expect(sent.status).toBe(201);
    expect(((await sent.json()) as { message: Message }).message.content).toMatchObject({
      type: "document",
      filename: "invoice 1042.pdf",
      caption: "Your invoice",
    });

    let body: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && !body; i++) {
      const sends = (await (await fetch(`${peer}/__peer/sends`)).json()) as { body: Record<string, unknown> }[];
      body = sends.find((s) => s.body.biz_opaque_callback_data === `msg:${clientId}`)?.body;
      if (!body) await new Promise((r) => setTimeout(r, 50));
    }
    expect(body).toMatchObject({
      type: "document",
      document: { id: expect.any(String), caption: "Your invoice", filename: "invoice 1042.pdf" },
    });

    const media = await w.owner.browser.get(`/api/conversations/${conv.id}/messages/${clientId}/media`);
    expect(media.status).toBe(200);
    expect(media.headers.get("content-type")).toBe("application/pdf");
    expect(media.headers.get("content-disposition")).toContain("attachment");
    expect(new Uint8Array(await media.arrayBuffer())).toEqual(bytes);
    expect((await messagesOf(w.orgId, conv.id)).find((m) => m.id === clientId)).toBeTruthy();

    const other = await workspace();
    expect((await other.owner.browser.get(`/api/conversations/${conv.id}/messages/${clientId}/media`)).status).toBe(404);
  });

  it("refuses types WhatsApp cannot send, empty files, and a made-up upload id", async () => {
    const w = await workspace();
    await w.post("msg_01_text");
    const conv = await conversationOf(w.orgId, ALICE.waId);
    const exe = await w.owner.browser.request("POST", `/api/conversations/${conv.id}/media`, "MZ", {
      "content-type": "application/x-msdownload",
    });
    expect(exe.status).toBe(415);
    expect(await exe.json()).toMatchObject({ error: { code: "unsupported_media" } });
    const empty = await w.owner.browser.request("POST", `/api/conversations/${conv.id}/media`, "", { "content-type": "image/png" });
    expect(empty.status).toBe(400);
    const noCsrf = await w.owner.browser.request("POST", `/api/conversations/${conv.id}/media`, "x", {
      "content-type": "image/png",
      "x-csrf-token": "wrong",
    });
    expect(noCsrf.status).toBe(403);
  });
});
