/**
 * Web Push end to end inside workerd: a customer's first message, a message in an assigned conversation,
 * an @mention in a note and a closing window each reach the right devices through the Queue, encrypted
 * and signed (the local push service verifies the VAPID JWT and decrypts with the subscription's own
 * keys); the text follows the org's privacy setting; switches, focus and the author's own doing notify
 * nobody; a 410 removes the device; a 503 is retried; another org's devices hear nothing.
 */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversations } from "../../db/schema";
import { pushNotices, pushSubscriptions } from "../../db/tables/push";
import { noticeClosingWindows } from "../../worker/push/window-closing";
import { customerSays, until } from "../support/ai";
import { expectJson } from "../support/api-errors";
import { addMember, socket, workspace, type Workspace } from "../support/live";
import { conversationOf, db } from "../support/parley";
import { expirePeerSubscription, failPeer, optIn, peerRejections, pushesTo, waitForPushes, type Device } from "../support/push";

interface Shown {
  title: string;
  body: string;
  tag: string;
  conversationId: string;
  url: string;
  event: string;
}

const payloads = async (d: Device, count: number) => (await waitForPushes(d, count)).map((m) => m.payload as Shown);
const setPreview = (w: Workspace, preview: string) => w.owner.browser.request("PUT", "/api/push/settings", { preview });
const assign = async (w: Workspace, conversationId: string, userId: string) =>
  expectJson(await w.owner.browser.post(`/api/conversations/${conversationId}/assign`, { assigneeId: userId }));
const note = (w: Workspace, conversationId: string, text: string, who = w.owner) =>
  who.browser.post(`/api/conversations/${conversationId}/notes`, { clientId: crypto.randomUUID(), text });

describe("push notifications", () => {
  it("a new customer notifies every opted-in member; then only the assignee hears of their messages", async () => {
    const w = await workspace();
    const agent = await addMember(w.owner, "agent", "Alex Agent");
    const [ownerDevice, agentDevice] = [await optIn(w.owner), await optIn(agent)];
    await customerSays(w, "Olá! Têm o bule azul?", { from: "351911000001", name: "Ana" });
    const conv = await conversationOf(w.orgId, "351911000001");
    const [first] = await payloads(agentDevice, 1);
    // The default privacy setting names the sender but never shows the text.
    expect(first).toEqual({
      title: "Ana",
      body: "New conversation",
      tag: `conversation:${conv.id}`,
      conversationId: conv.id,
      url: `/inbox/${conv.id}`,
      event: "newConversation",
    });
    expect((await waitForPushes(ownerDevice, 1))[0]!.headers).toMatchObject({ contentEncoding: "aes128gcm", urgency: "high" });

    await assign(w, conv.id, agent.userId);
    await customerSays(w, "Still there?", { from: "351911000001", name: "Ana" });
    const [, second] = await payloads(agentDevice, 2);
    expect(second).toMatchObject({ title: "Ana", body: "New message", event: "assignedMessage", conversationId: conv.id });
    expect(await pushesTo(ownerDevice)).toHaveLength(1);
    expect(await peerRejections()).toEqual([]);
  });

  it("the org's privacy setting decides the text: full shows it, none shows neither who nor what", async () => {
    const w = await workspace();
    const device = await optIn(w.owner);
    await setPreview(w, "full");
    await customerSays(w, "My order #123 never arrived", { from: "351911000002", name: "Bruno" });
    const [full] = await payloads(device, 1);
    expect(full).toMatchObject({ title: "Bruno", body: "My order #123 never arrived" });

    await setPreview(w, "none");
    await customerSays(w, "Hello?", { from: "351911000003", name: "Carla" });
    const [, none] = await waitForPushes(device, 2);
    expect(none!.payload).toMatchObject({ title: "Parley", body: "New conversation" });
    expect(none!.text).not.toMatch(/Carla|Hello|351911000003/);
  });

  it("an @mention in a note notifies the member named, never its author; an email address is no mention", async () => {
    const w = await workspace();
    const agent = await addMember(w.owner, "agent", "Zé Ninguém");
    const [ownerDevice, agentDevice] = [await optIn(w.owner), await optIn(agent)];
    await customerSays(w, "Hi", { from: "351911000004", name: "Duarte" });
    const conv = await conversationOf(w.orgId, "351911000004");
    await waitForPushes(agentDevice, 1);
    await waitForPushes(ownerDevice, 1);

    expect((await note(w, conv.id, "write to ze@example.com about it")).status).toBe(201);
    expect((await note(w, conv.id, "@ze ninguem can you call them? @Olivia")).status).toBe(201);
    const [, mention] = await payloads(agentDevice, 2);
    expect(mention).toMatchObject({ title: "Olivia Owner mentioned you", body: "In the conversation with Duarte", event: "mention" });
    // The author named herself too: still nothing for her; and the email address mentioned nobody.
    expect(await pushesTo(ownerDevice)).toHaveLength(1);
    expect(await pushesTo(agentDevice)).toHaveLength(2);
  });

  it("switched-off events and the conversation an agent is looking at notify nothing", async () => {
    const w = await workspace();
    const agent = await addMember(w.owner, "agent", "Alex Agent");
    const device = await optIn(agent);
    await expectJson(await agent.browser.request("PUT", "/api/push/preferences", { newConversation: false }));
    await customerSays(w, "First", { from: "351911000005", name: "Eva" });
    const conv = await until(() => conversationOf(w.orgId, "351911000005").catch(() => undefined));
    await assign(w, conv.id, agent.userId);

    // Open in a tab in front of the agent: the message appears there, no push.
    const tab = await socket(agent, `/api/live/conversations/${conv.id}`);
    await tab.next((f) => f.t === "ready");
    await customerSays(w, "Seen live", { from: "351911000005", name: "Eva" });
    await tab.next((f) => f.t === "message" && JSON.stringify(f).includes("Seen live"));
    // The tab goes to the background (resync after it: the room has read the focus frame once it answers).
    tab.ws.send(JSON.stringify({ t: "focus", visible: false }));
    tab.ws.send(JSON.stringify({ t: "resync", after: 1_000_000 }));
    await tab.next((f) => f.t === "ready", 3000, tab.frames.length);
    await customerSays(w, "Now hidden", { from: "351911000005", name: "Eva" });
    await setPreview(w, "full");
    const pushes = await payloads(device, 1);
    // Only the message that arrived while the tab was hidden: not the first (switched off), not the one in view.
    await note(w, conv.id, "@Alex sentinel");
    const all = await payloads(device, 2);
    expect(all.map((p) => p.event)).toEqual(["assignedMessage", "mention"]);
    expect(pushes[0]!.conversationId).toBe(conv.id);
    tab.close();
  });

  it("a closing window tells the assignee once, an hour before, while the customer waits", async () => {
    const w = await workspace();
    const agent = await addMember(w.owner, "agent", "Alex Agent");
    await customerSays(w, "Can you check?", { from: "351911000006", name: "Filipa" });
    const conv = await until(() => conversationOf(w.orgId, "351911000006").catch(() => undefined));
    await assign(w, conv.id, agent.userId);
    const device = await optIn(agent);
    const now = Date.now();
    const lastInboundAt = now - 23 * 3600_000 - 20 * 60_000;
    await db().update(conversations).set({ lastInboundAt, lastMessageDirection: "inbound" }).where(eq(conversations.id, conv.id));
    await noticeClosingWindows(env, now);
    await noticeClosingWindows(env, now + 60_000);
    const [closing] = await payloads(device, 1);
    expect(closing).toMatchObject({ title: "Filipa", event: "windowClosing", conversationId: conv.id });
    expect(closing!.body).toMatch(/^The 24-hour reply window closes in 40 minutes$/);
    const notices = await db().select().from(pushNotices).where(eq(pushNotices.orgId, w.orgId)).all();
    expect(notices.map((n) => n.key)).toEqual([`window:${conv.id}:${lastInboundAt}`]);
  });

  it("a device the push service forgot (410) is removed; a 503 is retried through the Queue", async () => {
    const w = await workspace();
    const gone = await optIn(w.owner);
    const flaky = await optIn(w.owner);
    await expirePeerSubscription(gone);
    await failPeer(503, 1);
    await customerSays(w, "Anyone?", { from: "351911000007", name: "Gil" });
    await until(async () => !(await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.id, gone.deviceId)).get()));
    expect(await payloads(flaky, 1)).toHaveLength(1);
    const kept = await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.id, flaky.deviceId)).get();
    expect(kept?.lastSentAt).toBeTypeOf("number");
  });

  it("another org's devices hear nothing of this org", async () => {
    const a = await workspace();
    const b = await workspace();
    const deviceB = await optIn(b.owner);
    const deviceA = await optIn(a.owner);
    await customerSays(a, "For org A", { from: "351911000008", name: "Hugo" });
    await waitForPushes(deviceA, 1);
    await customerSays(b, "For org B", { from: "351911000009", name: "Inês" });
    const received = await waitForPushes(deviceB, 1);
    const convB = await conversationOf(b.orgId, "351911000009");
    expect(received.map((r) => (r.payload as Shown).conversationId)).toEqual([convB.id]);
  });
});
