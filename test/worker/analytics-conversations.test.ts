/**
 * The dashboard's conversation figures: conversations opened and resolved, first-response and resolution
 * times, agent performance, new contacts, the lifecycle funnel and the label filter. Counted once whatever
 * Meta replays or agents click twice; another org sees none of it.
 */
import { describe, expect, it } from "vitest";
import { addMember } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { workspace, type Workspace } from "../support/live";
import { ALICE, conversationOf } from "../support/parley";

interface Duration {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}
interface Figures {
  opened: number;
  resolved: number;
  newContacts: number;
  series: { day: number; opened: number; resolved: number; newContacts: number }[];
  firstResponse: Duration;
  resolution: Duration;
  agents: {
    agentId: string;
    name: string;
    conversationsHandled: number;
    messagesSent: number;
    firstResponses: number;
    medianFirstResponseMs: number | null;
    openBacklog: number;
  }[];
  unassignedBacklog: number;
  funnel: { key: string; count: number; reached: number }[];
}

/** Alice writes, as WhatsApp stamps it `secondsAgo` seconds back; `wamid` fixes the message id (a replay reuses it). */
const customerWrites = (ws: Workspace, wamid: string, secondsAgo: number) =>
  ws.post("msg_01_text", (b) =>
    b.replace('"1781200000"', `"${Math.floor(Date.now() / 1000) - secondsAgo}"`).replace(/wamid\.[A-Za-z0-9=]+/, `wamid.${wamid}`),
  );

const within = (ms: number | null, expected: number) => {
  expect(ms).not.toBeNull();
  // Histogram buckets: ±6%, plus the test's own seconds.
  expect(ms!).toBeGreaterThanOrEqual(expected * 0.93);
  expect(ms!).toBeLessThanOrEqual(expected * 1.1);
};

describe("dashboard: conversations, response times, agents", () => {
  it("times first responses and resolutions, credits agents, and filters by number and label", async () => {
    const ws = await workspace();
    const other = await workspace();
    const agent = await addMember(ws.owner, "agent");
    const first = `first-${crypto.randomUUID()}`;
    expect((await customerWrites(ws, first, 600)).status).toBe(200);
    expect((await customerWrites(ws, first, 600)).status).toBe(200); // Meta retries: one message, one conversation
    // She writes again before anyone answers: the same conversation, still waiting since her first message.
    expect((await customerWrites(ws, `again-${crypto.randomUUID()}`, 300)).status).toBe(200);
    const conv = await conversationOf(ws.orgId, ALICE.waId);
    await expectJson(await agent.browser.request("PUT", `/api/conversations/${conv.id}/labels`, { labels: ["VIP"] }));

    const send = (text: string) =>
      agent.browser.post(`/api/conversations/${conv.id}/messages`, { type: "text", clientId: crypto.randomUUID(), text });
    await expectJson(await send("Hello Ana, yes we have it."), 201);
    await expectJson(await send("It is 34.99 €."), 201);
    const close = () => agent.browser.post(`/api/conversations/${conv.id}/state`, { state: "closed" });
    await expectJson(await close());
    await expectJson(await close()); // a second close resolves nothing more

    // Meta replays the first message after the close: the room has it, so nothing reopens or counts.
    expect((await customerWrites(ws, first, 600)).status).toBe(200);
    // A new message reopens it (labelled VIP by now), waiting for an answer.
    expect((await customerWrites(ws, `second-${crypto.randomUUID()}`, 60)).status).toBe(200);

    const d = (await expectJson<{ conversations: Figures }>(await agent.browser.get("/api/dashboard"))).conversations;
    expect(d).toMatchObject({ opened: 2, resolved: 1, newContacts: 1, unassignedBacklog: 1 });
    expect(d.firstResponse.count).toBe(1);
    within(d.firstResponse.medianMs, 600_000);
    within(d.firstResponse.p90Ms, 600_000);
    expect(d.resolution.count).toBe(1);
    within(d.resolution.medianMs, 600_000);
    const today = d.series.at(-1)!;
    expect(today).toMatchObject({ opened: 2, resolved: 1, newContacts: 1 });
    const mine = d.agents.find((a) => a.agentId === agent.userId)!;
    expect(mine).toMatchObject({ conversationsHandled: 1, messagesSent: 2, firstResponses: 1, openBacklog: 0 });
    within(mine.medianFirstResponseMs, 600_000);
    // The owner sent nothing, but is on the team: listed with zeros.
    expect(d.agents.find((a) => a.agentId === ws.owner.userId)).toMatchObject({ messagesSent: 0, medianFirstResponseMs: null });
    // Alice has no stage: the first one. Everyone in the funnel reached it.
    expect(d.funnel[0]).toMatchObject({ key: "new_lead", count: 1, reached: 1 });
    expect(d.funnel.slice(1).every((s) => s.count === 0 && s.reached === 0)).toBe(true);

    // Assigned to the agent, the open conversation is their backlog.
    await expectJson(await ws.owner.browser.post(`/api/conversations/${conv.id}/assign`, { assigneeId: agent.userId }));
    const assigned = (await expectJson<{ conversations: Figures }>(await agent.browser.get("/api/dashboard"))).conversations;
    expect(assigned.unassignedBacklog).toBe(0);
    expect(assigned.agents.find((a) => a.agentId === agent.userId)!.openBacklog).toBe(1);

    // Label filter: the first conversation opened before it was labelled; its answer and close came after.
    const vip = (await expectJson<{ conversations: Figures }>(await agent.browser.get("/api/dashboard?label=VIP"))).conversations;
    expect(vip).toMatchObject({ opened: 1, resolved: 1 });
    expect(vip.firstResponse.count).toBe(1);
    expect(vip.agents.find((a) => a.agentId === agent.userId)).toMatchObject({ messagesSent: 2, openBacklog: 1 });
    const none = (await expectJson<{ conversations: Figures }>(await agent.browser.get("/api/dashboard?label=Wholesale"))).conversations;
    expect(none).toMatchObject({ opened: 0, resolved: 0, firstResponse: { count: 0, medianMs: null, p90Ms: null } });
    expect(none.agents.every((a) => a.messagesSent === 0 && a.openBacklog === 0)).toBe(true);

    // Number filter: another number has none of it.
    const elsewhere = (
      await expectJson<{ conversations: Figures }>(await agent.browser.get(`/api/dashboard?phoneNumberId=${other.phoneNumberId}`))
    ).conversations;
    expect(elsewhere).toMatchObject({ opened: 0, resolved: 0, firstResponse: { count: 0 } });

    // Org B: nothing of org A's.
    const b = (await expectJson<{ conversations: Figures }>(await other.owner.browser.get("/api/dashboard"))).conversations;
    expect(b).toMatchObject({ opened: 0, resolved: 0, newContacts: 0, unassignedBacklog: 0, firstResponse: { count: 0 } });
    expect(b.agents.map((a) => a.agentId)).toEqual([other.owner.userId]);

    const csv = await (await agent.browser.get("/api/dashboard/export.csv?table=agents")).text();
    expect(csv.split("\r\n")[0]).toBe(
      "agent,conversations_handled,messages_sent,first_responses,median_first_response_seconds,open_backlog",
    );
    expect(csv).toContain(`,1,2,1,`);
    const funnel = await (await agent.browser.get("/api/dashboard/export.csv?table=funnel")).text();
    expect(funnel.split("\r\n").slice(0, 2)).toEqual(["stage,contacts,reached", "New lead,1,1"]);

    await expectError(await agent.browser.get("/api/dashboard?label="), 400, "invalid_query", "label");
    await expectError(await agent.browser.get(`/api/dashboard?label=${"x".repeat(101)}`), 400, "invalid_query", "label");
    await expectError(await agent.browser.get("/api/dashboard?team=all"), 400, "invalid_query");
  }, 40_000);
});
