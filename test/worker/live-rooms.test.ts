import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { app } from "../../worker/app";
import { Browser } from "../support/accounts";
import { addMember, connect, ORIGIN, socket, Socket, workspace } from "../support/live";
import { ALICE, conversationOf, fixtureWamid } from "../support/parley";

const textFrom = (n: number) => (body: string) =>
  body
    .replace(fixtureWamid("msg_01_text", "messages"), `wamid.live-${n}-${crypto.randomUUID()}`)
    .replace("Do you ship to Lisbon?", `message ${n}`);

describe("ConversationRoom sockets", () => {
  it("replay, then live frames; a reconnect with the last seq gets exactly what it missed, in order", async () => {
    const w = await workspace();
    await w.post("msg_01_text", textFrom(1));
    const conv = await conversationOf(w.orgId, ALICE.waId);
    const first = await socket(w.owner, `/api/live/conversations/${conv.id}?after=0`);
    await first.next((f) => f.t === "ready");
    expect(first.seqs()).toEqual([1]);

    await w.post("msg_01_text", textFrom(2));
    await first.next((f) => f.seq === 2);
    first.close();

    // Written while the agent was away.
    for (let i = 3; i <= 7; i++) await w.post("msg_01_text", textFrom(i));

    const again = await socket(w.owner, `/api/live/conversations/${conv.id}?after=2`);
    const ready = await again.next((f) => f.t === "ready");
    expect(ready.lastSeq).toBe(7);
    expect(again.seqs()).toEqual([3, 4, 5, 6, 7]);
    // The five missed frames came in one socket message, not five.
    expect(again.raw.filter((m) => m.startsWith('{"t":"replay"'))).toHaveLength(1);
    const bodies = again.frames.filter((f) => f.t === "message").map((f) => (f.message as { content: { body: string } }).content.body);
    expect(bodies).toEqual(["Hi! message 3", "Hi! message 4", "Hi! message 5", "Hi! message 6", "Hi! message 7"]);

    await w.post("msg_01_text", textFrom(8));
    await again.next((f) => f.seq === 8);
    expect(again.seqs()).toEqual([3, 4, 5, 6, 7, 8]);

    // A client that noticed a gap asks for it explicitly.
    const mark = again.frames.length;
    again.ws.send(JSON.stringify({ t: "resync", after: 6 }));
    await again.next((f) => f.t === "ready", 3000, mark);
    expect(
      again.frames
        .slice(mark)
        .filter((f) => typeof f.seq === "number")
        .map((f) => f.seq),
    ).toEqual([7, 8]);
    again.close();
  });

  it("shows typing and who is viewing to the other agents", async () => {
    const w = await workspace();
    const agent = await addMember(w.owner, "agent", "Ana");
    await w.post("msg_01_text");
    const conv = await conversationOf(w.orgId, ALICE.waId);
    const owner = await socket(w.owner, `/api/live/conversations/${conv.id}`);
    const ana = await socket(agent, `/api/live/conversations/${conv.id}`);
    await owner.next((f) => f.t === "viewers" && (f.viewers as unknown[]).length === 2);
    ana.ws.send(JSON.stringify({ t: "typing", active: true }));
    expect(await owner.next((f) => f.t === "typing")).toMatchObject({ t: "typing", name: "Ana", active: true, userId: agent.userId });
    // A tab that opens while Ana types learns it on connect.
    const late = await socket(w.owner, `/api/live/conversations/${conv.id}`);
    expect(await late.next((f) => f.t === "typing")).toMatchObject({ name: "Ana", active: true });
    late.close();
    ana.close();
    await owner.next((f) => f.t === "viewers" && (f.viewers as unknown[]).length === 1);
    owner.close();
  });

  it("answers ping without waking the room", async () => {
    const w = await workspace();
    await w.post("msg_01_text");
    const conv = await conversationOf(w.orgId, ALICE.waId);
    const s = await socket(w.owner, `/api/live/conversations/${conv.id}`);
    s.ws.send('{"t":"ping"}');
    await s.next((f) => f.t === "pong");
    s.close();
  });

  it("declines the WebSocket compression a browser offers, on room and inbox sockets", async () => {
    const w = await workspace();
    await w.post("msg_01_text");
    const conv = await conversationOf(w.orgId, ALICE.waId);
    const cookie = [...w.owner.browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    for (const path of [`/api/live/conversations/${conv.id}`, "/api/live/inbox"]) {
      // Straight to the app, not through SELF: the local runtime's service hop answers a declined offer
      // with the client's own, so only the app's Response shows what Cloudflare's edge is handed.
      const headers = {
        upgrade: "websocket",
        origin: ORIGIN,
        cookie,
        "sec-websocket-extensions": "permessage-deflate; client_max_window_bits",
      };
      const res = await app.request(`https://parley.test${path}`, { headers }, env, createExecutionContext());
      expect(res.status).toBe(101);
      expect(res.headers.get("sec-websocket-extensions")).toBe("");
      res.webSocket?.accept();
      res.webSocket?.close();
    }
  });

  it("refuses an upgrade from another origin, without a session, or for another org's conversation", async () => {
    const a = await workspace();
    const b = await workspace();
    await b.post("msg_01_text");
    const bConv = await conversationOf(b.orgId, ALICE.waId);

    const wrongOrigin = await connect(b.owner, `/api/live/conversations/${bConv.id}`, "https://evil.example");
    expect(wrongOrigin).not.toBeInstanceOf(Socket);
    expect((wrongOrigin as Response).status).toBe(403);

    const anonymous = await connect({ ...b.owner, browser: new Browser() }, `/api/live/conversations/${bConv.id}`);
    expect((anonymous as Response).status).toBe(401);

    const crossTenant = await connect(a.owner, `/api/live/conversations/${bConv.id}`);
    expect((crossTenant as Response).status).toBe(404);
    expect(await (crossTenant as Response).json()).toMatchObject({ error: { code: "conversation_not_found" } });
  });

  it("closes a removed member's room and inbox sockets", async () => {
    const w = await workspace();
    const agent = await addMember(w.owner, "agent");
    await w.post("msg_01_text");
    const conv = await conversationOf(w.orgId, ALICE.waId);
    const room = await socket(agent, `/api/live/conversations/${conv.id}`);
    const inbox = await socket(agent, "/api/live/inbox");
    await room.next((f) => f.t === "ready");
    await inbox.next((f) => f.t === "ready");
    expect((await w.owner.browser.delete(`/api/team/members/${agent.userId}`)).status).toBe(200);
    expect((await room.waitClosed()).code).toBe(4001);
    expect((await inbox.waitClosed()).code).toBe(4001);
    const retry = await connect(agent, "/api/live/inbox");
    expect((retry as Response).status).toBe(401);
  });
});
