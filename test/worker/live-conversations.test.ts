import { describe, expect, it } from "vitest";
import type { ConversationSummary, ReadCursor } from "../../durable/protocol";
import { addMember, socket, workspace } from "../support/live";
import { ALICE, BOB, conversationOf } from "../support/parley";

type List = { conversations: ConversationSummary[]; cursors: ReadCursor[]; nextCursor: string | null };

describe("conversation list", () => {
  it("lists with views, state, label and search, paged by cursor", async () => {
    const w = await workspace();
    const agent = await addMember(w.owner, "agent", "Ana");
    await w.post("batch_01_three_messages_two_contacts"); // Alice and Bob
    const alice = await conversationOf(w.orgId, ALICE.waId);
    const bob = await conversationOf(w.orgId, BOB.waId);
    const b = w.owner.browser;
    const list = async (q: string) => (await b.json<List>("GET", `/api/conversations?${q}`)).conversations.map((c) => c.id).sort();

    expect(await list("")).toEqual([alice.id, bob.id].sort());
    const first = await b.json<List>("GET", "/api/conversations?limit=1");
    const second = await b.json<List>("GET", `/api/conversations?limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect([...first.conversations, ...second.conversations].map((c) => c.id).sort()).toEqual([alice.id, bob.id].sort());
    expect(second.nextCursor).toBeNull();
    await b.post(`/api/conversations/${alice.id}/assign`, { assigneeId: agent.userId });
    expect(await agent.browser.json<List>("GET", "/api/conversations?view=mine").then((l) => l.conversations.map((c) => c.id))).toEqual([
      alice.id,
    ]);
    expect(await list("view=unassigned")).toEqual([bob.id]);

    await b.request("PUT", `/api/conversations/${bob.id}/labels`, { labels: ["vip", "vip", "billing"] });
    expect(await list("label=vip")).toEqual([bob.id]);
    expect(await list("q=alice")).toEqual([alice.id]);
    expect(await list(`q=${BOB.waId.slice(2, 8)}`)).toEqual([bob.id]);
    expect(await list("q=%25")).toEqual([]);

    await b.post(`/api/conversations/${bob.id}/state`, { state: "closed" });
    expect(await list("state=closed")).toEqual([bob.id]);
    expect(await list("state=open")).toEqual([alice.id]);
    const tooEarly = await b.post(`/api/conversations/${alice.id}/state`, { state: "snoozed", snoozedUntil: Date.now() - 1 });
    expect(tooEarly.status).toBe(400);
    await b.post(`/api/conversations/${alice.id}/state`, { state: "snoozed", snoozedUntil: Date.now() + 3600_000 });
    expect(await list("state=snoozed")).toEqual([alice.id]);

    // A new customer message brings a closed conversation back.
    await w.post("msg_03_text_forwarded"); // Bob
    expect(await list("state=open")).toContain(bob.id);

    expect((await b.get("/api/conversations?cursor=not-a-cursor")).status).toBe(400);
    expect((await b.get("/api/conversations?view=everything")).status).toBe(400);
  });

  it("keeps an exact unread count per agent; mark as unread reaches the agent's other tabs", async () => {
    const w = await workspace();
    const agent = await addMember(w.owner, "agent", "Ana");
    await w.post("msg_01_text");
    await w.post("msg_11_location");
    const conv = await conversationOf(w.orgId, ALICE.waId);
    const otherTab = await socket(agent, "/api/live/inbox");
    await otherTab.next((f) => f.t === "ready");

    const read = await agent.browser.json<{ cursor: ReadCursor }>("POST", `/api/conversations/${conv.id}/read`, { seq: 2 });
    expect(read.cursor).toEqual({ conversationId: conv.id, readSeq: 2, inboundCountAtRead: 2 });
    expect(await otherTab.next((f) => f.t === "read")).toMatchObject({ cursor: { readSeq: 2 } });

    const unread = await agent.browser.json<{ cursor: ReadCursor }>("POST", `/api/conversations/${conv.id}/unread`);
    expect(unread.cursor).toMatchObject({ readSeq: 1, inboundCountAtRead: 1 });
    await otherTab.next((f) => f.t === "read" && (f.cursor as ReadCursor).readSeq === 1);

    const mine = await agent.browser.json<List>("GET", "/api/conversations");
    const row = mine.conversations.find((c) => c.id === conv.id)!;
    const cursor = mine.cursors.find((c) => c.conversationId === conv.id)!;
    expect(row.inboundCount - cursor.inboundCountAtRead).toBe(1);
    // The owner has read nothing: their unread is every inbound message, not the agent's.
    const owners = await w.owner.browser.json<List>("GET", "/api/conversations");
    expect(owners.cursors.find((c) => c.conversationId === conv.id)).toBeUndefined();
    otherTab.close();
  });

  it("pushes list rows to every agent's inbox socket as messages arrive and agents act", async () => {
    const w = await workspace();
    const inbox = await socket(w.owner, "/api/live/inbox");
    await inbox.next((f) => f.t === "ready");
    await w.post("msg_01_text");
    const frame = await inbox.next((f) => f.t === "conversations");
    const [row] = frame.conversations as ConversationSummary[];
    expect(row).toMatchObject({
      contact: { name: "Alice Moreno", waId: ALICE.waId },
      lastMessagePreview: "Hi! Do you ship to Lisbon?",
      inboundCount: 1,
      state: "open",
    });
    await w.owner.browser.post(`/api/conversations/${row!.id}/assign`, { assigneeId: w.owner.userId });
    await inbox.next((f) => f.t === "conversations" && (f.conversations as ConversationSummary[])[0]?.assigneeId === w.owner.userId);
    await w.owner.browser.patch(`/api/contacts/${row!.contact.id}`, { displayName: "Alice (VIP)", tags: ["wholesale"] });
    await inbox.next((f) => f.t === "conversations" && (f.conversations as ConversationSummary[])[0]?.contact.name === "Alice (VIP)");
    inbox.close();
  });
});

describe("conversation routes across tenants", () => {
  it("are 404 for another org's conversation, and nothing changes there", async () => {
    const a = await workspace();
    const b = await workspace();
    await b.post("msg_01_text");
    const conv = await conversationOf(b.orgId, ALICE.waId);
    const x = a.owner.browser;
    const attempts: [string, string, unknown?][] = [
      ["GET", `/api/conversations/${conv.id}`],
      ["GET", `/api/conversations/${conv.id}/messages`],
      ["POST", `/api/conversations/${conv.id}/messages`, { type: "text", clientId: crypto.randomUUID(), text: "hi" }],
      ["POST", `/api/conversations/${conv.id}/notes`, { clientId: crypto.randomUUID(), text: "hi" }],
      ["POST", `/api/conversations/${conv.id}/assign`, { assigneeId: null }],
      ["POST", `/api/conversations/${conv.id}/state`, { state: "closed" }],
      ["PUT", `/api/conversations/${conv.id}/labels`, { labels: ["x"] }],
      ["POST", `/api/conversations/${conv.id}/read`, { seq: 1 }],
      ["POST", `/api/conversations/${conv.id}/unread`],
      ["GET", `/api/conversations/${conv.id}/messages/anything/media`],
      ["GET", `/api/contacts/${conv.contactId}`],
      ["PATCH", `/api/contacts/${conv.contactId}`, { tags: ["x"] }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await x.request(method, path, body ?? (method === "GET" ? undefined : {}));
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await x.json<List>("GET", "/api/conversations")).conversations).toEqual([]);
    const after = await conversationOf(b.orgId, ALICE.waId);
    expect(after).toMatchObject({ state: "open", labels: [], assigneeId: null, messageCount: 1 });
  });
});
