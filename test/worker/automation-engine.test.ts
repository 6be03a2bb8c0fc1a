/**
 * Rules at work, through the real webhook and the real Queue: a keyword rule assigns in turn among the
 * agents who are online and labels, live; a replayed webhook or a redelivered job fires nothing twice;
 * the away message goes out once per conversation per closed period; rules cannot loop or flood.
 */
import { and, eq } from "drizzle-orm";
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { automationRuns } from "../../db/tables/automation";
import type { AutomationJob } from "../../worker/automation/events";
import { runAutomationJob, RATE_PER_CONVERSATION } from "../../worker/automation/run-event";
import { addMember, type Member } from "../support/accounts";
import { customerSays, until } from "../support/ai";
import { expectJson } from "../support/api-errors";
import { peerSendsTo } from "../support/campaigns";
import { socket, type Workspace, workspace } from "../support/live";
import { conversationOf, db, messagesOf, postWebhook } from "../support/parley";

interface Run {
  ruleId: string;
  ruleName: string;
  outcome: string;
  reason: string;
  did: string[];
  error: string | null;
  conversationId: string | null;
}

const runsOf = async (m: Member) => (await expectJson<{ runs: Run[] }>(await m.browser.get("/api/automation/runs"))).runs;

async function rule(owner: Member, body: Record<string, unknown>) {
  return (await expectJson<{ rule: { id: string } }>(await owner.browser.post("/api/automation/rules", body), 201)).rule;
}

async function withLabel(w: Workspace, name: string) {
  await expectJson(await w.owner.browser.post("/api/labels", { name, color: "#2563eb" }), 201);
}

const ALWAYS_CLOSED = {
  enabled: true,
  timeZone: "Europe/Lisbon",
  week: [],
  holidays: [],
  awayMessage: "We're closed — back tomorrow at 9.",
};

describe("rules at work", { timeout: 60_000 }, () => {
  it("assigns keyword messages in turn among online agents and labels them, live; other messages are left alone", async () => {
    const w = await workspace();
    await withLabel(w, "pricing");
    const ana = await addMember(w.owner, "agent", "Ana Agent");
    const bo = await addMember(w.owner, "agent", "Bo Agent");
    const carl = await addMember(w.owner, "agent", "Carl Offline");
    const r = await rule(w.owner, {
      name: "Pricing to sales",
      trigger: "message.received",
      conditions: [
        { field: "message", op: "contains", value: "price, preço" },
        { field: "assignee", op: "is_not_set" },
      ],
      actions: [
        { type: "assign_round_robin", userIds: [ana.userId, bo.userId, carl.userId] },
        { type: "add_label", label: "pricing" },
      ],
    });
    // Ana and Bo have the inbox open; Carl does not, so he gets none.
    const [anaLive, boLive] = await Promise.all([socket(ana, "/api/live/inbox"), socket(bo, "/api/live/inbox")]);
    await anaLive.next((f) => f.t === "presence" && (f.online as string[]).includes(bo.userId));

    await customerSays(w, "Olá, qual é o PREÇO do bule?", { from: "351910000001", name: "Rita" });
    await customerSays(w, "What's the price of the blue teapot?", { from: "351910000002", name: "Sam" });
    await customerSays(w, "Just saying hi", { from: "351910000003", name: "Tess" });

    const first = await until(async () => {
      const c = await conversationOf(w.orgId, "351910000001");
      return c?.assigneeId ? c : null;
    });
    const second = await until(async () => {
      const c = await conversationOf(w.orgId, "351910000002");
      return c?.assigneeId ? c : null;
    });
    expect(new Set([first.assigneeId, second.assigneeId])).toEqual(new Set([ana.userId, bo.userId]));
    expect(first.labels).toEqual(["pricing"]);
    expect(second.labels).toEqual(["pricing"]);
    // The change reached every agent's list live.
    const frame = await boLive.next(
      (f) =>
        f.t === "conversations" &&
        (f.conversations as { id: string; labels: string[] }[]).some((c) => c.id === first.id && c.labels.includes("pricing")),
    );
    expect(frame).toBeTruthy();

    const runs = await until(async () => {
      const all = await runsOf(w.owner);
      return all.filter((x) => x.outcome !== "running").length >= 2 ? all : null;
    });
    expect(runs.filter((x) => x.ruleId === r.id)).toHaveLength(2);
    const rita = runs.find((x) => x.conversationId === first.id)!;
    expect(rita.outcome).toBe("done");
    expect(rita.reason).toContain('message contains "preço"');
    expect(rita.did[0]).toMatch(/^assigned to (Ana|Bo) Agent \(round robin among 2 online\)$/);
    expect(rita.did[1]).toBe("added label pricing");
    // "hi" fired nothing: no run for Tess, and she is unassigned.
    const tess = await conversationOf(w.orgId, "351910000003");
    expect(tess.assigneeId).toBeNull();
    expect(runs.some((x) => x.conversationId === tess.id)).toBe(false);
    anaLive.close();
    boLive.close();
  });

  it("fires once per triggering message, however often the webhook is replayed or the job redelivered", async () => {
    const w = await workspace();
    await rule(w.owner, {
      name: "Auto-answer opening hours",
      trigger: "message.received",
      conditions: [{ field: "message", op: "matches", value: "\\bhours?\\b" }],
      actions: [
        { type: "send_text", text: "We open 9:00–18:00." },
        { type: "add_tag", tag: "asked-hours" },
      ],
    });
    const { raw } = await customerSays(w, "What are your hours?", { from: "351920000001" });
    const conv = await until(async () => {
      const c = await conversationOf(w.orgId, "351920000001");
      const sent = c && (await messagesOf(w.orgId, c.id)).some((m) => m.direction === "outbound");
      return sent ? c : null;
    });
    // Meta retries the same POST, twice.
    expect((await postWebhook(raw)).status).toBe(200);
    expect((await postWebhook(raw)).status).toBe(200);
    // And the Queue delivers the job again (at-least-once).
    const wamid = JSON.parse(raw).entry[0].changes[0].value.messages[0].id as string;
    const redelivered: AutomationJob = {
      kind: "automation.events",
      orgId: w.orgId,
      events: [
        {
          key: `msg:${wamid}`,
          type: "message.received",
          conversationId: conv.id,
          contactId: conv.contactId,
          at: Date.now(),
          text: "What are your hours?",
          depth: 0,
          chain: [],
        },
      ],
    };
    await runAutomationJob(env, redelivered);
    await runAutomationJob(env, redelivered);
    await until(async () => (await peerSendsTo(w.phoneNumberId)).length >= 1);

    const runs = await db().select().from(automationRuns).where(eq(automationRuns.orgId, w.orgId)).all();
    expect(runs).toHaveLength(1);
    expect(runs[0]!.did).toEqual(['sent "We open 9:00–18:00."', "added tag asked-hours"]);
    const outbound = (await messagesOf(w.orgId, conv.id)).filter((m) => m.direction === "outbound");
    expect(outbound).toHaveLength(1);
    expect(outbound[0]!.author).toEqual({ id: "automation", name: "Parley automation" });
    expect((await peerSendsTo(w.phoneNumberId)).length).toBe(1);
  });

  it("sends the away message once per conversation per closed period, and never during hours", async () => {
    const w = await workspace();
    await expectJson(await w.owner.browser.request("PUT", "/api/automation/business-hours", ALWAYS_CLOSED));
    await customerSays(w, "Hello?", { from: "351930000001" });
    await customerSays(w, "Anyone there?", { from: "351930000001" });
    await customerSays(w, "Hi", { from: "351930000002" });
    await until(async () => (await peerSendsTo(w.phoneNumberId)).length >= 2);
    // Let any (wrong) third send arrive before counting.
    await until(async () =>
      (await db().select().from(automationRuns).where(eq(automationRuns.orgId, w.orgId)).all()).every((r) => r.outcome !== "running"),
    );
    const conv = await conversationOf(w.orgId, "351930000001");
    const away = (await messagesOf(w.orgId, conv.id)).filter((m) => m.direction === "outbound");
    expect(away.map((m) => m.content)).toEqual([{ type: "text", body: ALWAYS_CLOSED.awayMessage }]);
    const runs = (await runsOf(w.owner)).filter((r) => r.ruleId === "away");
    expect(runs).toHaveLength(2);
    expect(runs.every((r) => r.outcome === "done")).toBe(true);

    // Open all week: a customer who writes now gets no away message.
    const openAllWeek = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].map((day) => ({ day, open: "00:00", close: "24:00" }));
    await expectJson(await w.owner.browser.request("PUT", "/api/automation/business-hours", { ...ALWAYS_CLOSED, week: openAllWeek }));
    await customerSays(w, "Hello again", { from: "351930000003" });
    const third = await until(() => conversationOf(w.orgId, "351930000003"));
    await new Promise((r) => setTimeout(r, 300));
    expect((await messagesOf(w.orgId, third.id)).filter((m) => m.direction === "outbound")).toEqual([]);
  });

  it("does not let rules retrigger each other endlessly, and rate-limits a busy conversation", async () => {
    const w = await workspace();
    const ping = await rule(w.owner, {
      name: "Ping",
      trigger: "contact.tag_added",
      conditions: [{ field: "tag", op: "has", value: "ping" }],
      actions: [
        { type: "remove_tag", tag: "ping" },
        { type: "add_tag", tag: "pong" },
      ],
    });
    const pong = await rule(w.owner, {
      name: "Pong",
      trigger: "contact.tag_added",
      conditions: [{ field: "tag", op: "has", value: "pong" }],
      actions: [
        { type: "remove_tag", tag: "pong" },
        { type: "add_tag", tag: "ping" },
      ],
    });
    await customerSays(w, "hi", { from: "351940000001" });
    const conv = await until(() => conversationOf(w.orgId, "351940000001"));
    await expectJson(await w.owner.browser.patch(`/api/contacts/${conv.contactId}`, { tags: ["ping"] }));
    await until(async () => (await runsOf(w.owner)).filter((r) => r.outcome === "done").length >= 3);
    await new Promise((r) => setTimeout(r, 800));
    const runs = await runsOf(w.owner);
    // On the agent's tag, Ping then Pong (each sees what the one before did); on Pong's "ping", Ping once
    // more; then every event is one a rule's own actions caused, and the chain stops there.
    expect(runs.map((r) => r.ruleId).sort()).toEqual([ping.id, ping.id, pong.id].sort());

    // A conversation that has had its fill of runs this minute is left alone, and the log says why.
    const now = Date.now();
    for (let i = 0; i < RATE_PER_CONVERSATION; i++)
      await db()
        .insert(automationRuns)
        .values({
          id: `run_seed_${conv.id}_${i}`,
          orgId: w.orgId,
          ruleId: `seed_${i}`,
          ruleName: "seed",
          eventKey: `seed:${i}`,
          trigger: "message.received",
          conversationId: conv.id,
          outcome: "done" as const,
          reason: "seed",
          createdAt: now,
        });
    await expectJson(await w.owner.browser.patch(`/api/contacts/${conv.contactId}`, { tags: ["ping"] }));
    const skipped = await until(async () =>
      db()
        .select()
        .from(automationRuns)
        .where(and(eq(automationRuns.orgId, w.orgId), eq(automationRuns.outcome, "skipped")))
        .get(),
    );
    expect(skipped.reason).toContain("rate limit");
  });
});
