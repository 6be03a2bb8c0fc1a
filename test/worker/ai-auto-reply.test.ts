/**
 * After a customer writes (AI on): intent label and lead score through the Queue, and auto-replies with
 * their guardrails — knowledge base only, a person on request, on complaints, below the confidence gate
 * and past the per-conversation cap; never outside the 24-hour window; one reply per trigger however
 * often the webhook or the job is replayed.
 */
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts } from "../../db/schema";
import { aiActions, contactLeadScores } from "../../db/tables/ai";
import { runAiJob } from "../../worker/ai/jobs";
import { addFact, aiSettings, customerSays, peerRequests, turnAiOn, until } from "../support/ai";
import { expectJson } from "../support/api-errors";
import { socket, type Workspace, workspace } from "../support/live";
import { conversationOf, db, messagesOf, postWebhook } from "../support/parley";

const FROM = "351911111111";

async function setup(extra: Record<string, unknown> = {}) {
  const w = await workspace();
  await turnAiOn(w.owner, extra);
  await addFact(w.owner, "Bule azul (blue teapot)", "O bule azul custa 34,90 € e chega em 2 dias úteis.", "product");
  return w;
}

const actionsOf = (orgId: string, kind?: string) =>
  db()
    .select()
    .from(aiActions)
    .where(and(eq(aiActions.orgId, orgId), kind ? eq(aiActions.kind, kind as "auto_reply") : undefined))
    .all();

async function settled(w: Workspace, kinds: string[]) {
  return until(async () => {
    const rows = await actionsOf(w.orgId);
    return kinds.every((k) => rows.some((r) => r.kind === k)) ? rows : null;
  });
}

describe("after a customer writes", () => {
  it("labels the intent live, scores the lead with a reason, and auto-replies from the knowledge base, marked automated", async () => {
    const w = await setup();
    await customerSays(w, "Olá! Quanto custa o bule azul?");
    await settled(w, ["intent", "lead_score", "auto_reply"]);
    const conv = await conversationOf(w.orgId, FROM);
    expect(conv.labels).toContain("pricing");
    const contact = await db().select().from(contacts).where(eq(contacts.id, conv.contactId)).get();
    expect(contact).toMatchObject({ leadScore: 65, leadScoreSource: "ai" });
    const why = await db().select().from(contactLeadScores).where(eq(contactLeadScores.contactId, conv.contactId)).get();
    expect(why!.reason).toContain("Asked about pricing");
    const { leadScore } = await expectJson<{ leadScore: { score: number; source: string; reason: string } }>(
      await w.owner.browser.get(`/api/conversations/${conv.id}/ai`),
    );
    expect(leadScore).toMatchObject({ score: 65, source: "ai", reason: expect.stringContaining("Asked about pricing") });
    const reply = (await messagesOf(w.orgId, conv.id)).find((m) => m.direction === "outbound");
    expect(reply?.author).toEqual({ id: "ai", name: "Parley AI (automated)" });
    expect(reply?.content).toEqual({ type: "text", body: "Olá! O bule azul custa 34,90 € e chega em 2 dias úteis." });
    // Structured outputs: the intent call carried a JSON schema naming the org's intents.
    const triage = (await peerRequests(w.orgId)).find((r) => r.body.response_format?.json_schema?.name === "triage")!;
    expect(JSON.stringify(triage.body.response_format)).toContain('"complaint"');
  });

  it("agents see it live: the intent label on the conversation's row, AI's lead score on the contact, and its undo", async () => {
    const w = await setup({ features: { autoReply: false } });
    const live = await socket(w.owner, "/api/live/inbox");
    await customerSays(w, "Olá! Quanto custa o bule azul?");
    const row = await live.next((f) => f.t === "conversations" && JSON.stringify(f).includes('"pricing"'), 10_000);
    expect(JSON.stringify(row)).toContain('"labels":["pricing"]');
    const conv = await conversationOf(w.orgId, FROM);
    const scored = await live.next((f) => f.t === "contact" && f.contactId === conv.contactId, 10_000);
    expect(scored).toMatchObject({ changes: { leadScore: 65, leadScoreSource: "ai" }, by: null });
    const [lead] = await actionsOf(w.orgId, "lead_score");
    const from = live.frames.length;
    await expectJson(await w.owner.browser.post(`/api/ai/actions/${lead!.id}/revert`));
    const undone = await live.next((f) => f.t === "contact" && f.contactId === conv.contactId, 5000, from);
    expect(undone).toMatchObject({ changes: { leadScore: null, leadScoreSource: null }, by: w.owner.userId });
    live.close();
  });

  it("hands off to a person when the customer asks for one: assigned, labelled, a private note with why, no reply", async () => {
    const w = await setup();
    await customerSays(w, "Quero falar com uma pessoa, por favor");
    await settled(w, ["handoff"]);
    const conv = await conversationOf(w.orgId, FROM);
    expect(conv.assigneeId).toBe(w.owner.userId);
    expect(conv.labels).toContain("needs-human");
    const messages = await messagesOf(w.orgId, conv.id);
    expect(messages.filter((m) => m.direction === "outbound")).toEqual([]);
    const note = messages.find((m) => m.content.type === "note");
    expect(note?.content).toEqual({ type: "note", body: "AI handed this conversation to a person: The customer asked for a person." });
    // A person asked for: the model was never asked for an answer.
    expect((await peerRequests(w.orgId)).some((r) => r.body.response_format?.json_schema?.name === "auto_reply")).toBe(false);
    // And the next message is left to that person.
    await customerSays(w, "Olá?");
    await until(
      async () => (await peerRequests(w.orgId)).filter((r) => r.body.response_format?.json_schema?.name === "triage").length === 2,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await actionsOf(w.orgId, "auto_reply")).toEqual([]);
  });

  it("hands off complaints and answers it is not confident about; stops at the per-conversation cap", async () => {
    const w = await setup({ autoReplyMaxPerConversation: 1 });
    await customerSays(w, "Quanto custa o bule azul?", { from: "351900000001" });
    await until(async () => (await actionsOf(w.orgId, "auto_reply")).length === 1);
    await customerSays(w, "E chega quando? O bule azul", { from: "351900000001" });
    const capped = await until(async () => (await actionsOf(w.orgId, "handoff"))[0]);
    expect(capped.detail.reason).toContain("limit of 1 auto-repl");

    await customerSays(w, "I want a refund, it arrived broken", { from: "351900000002" });
    await customerSays(w, "Do you sell surfboards?", { from: "351900000003" });
    const reasons = await until(async () => {
      const rows = await actionsOf(w.orgId, "handoff");
      return rows.length === 3 ? rows.map((r) => String(r.detail.reason)) : null;
    });
    expect(reasons.some((r) => r.includes("complaint or refund"))).toBe(true);
    expect(reasons.some((r) => r.startsWith("Not confident enough (20% < 70%)"))).toBe(true);
    expect(await actionsOf(w.orgId, "auto_reply")).toHaveLength(1);
  });

  it("never answers outside the 24-hour window", async () => {
    const w = await setup();
    await customerSays(w, "Quanto custa o bule azul?", { at: Date.now() - 25 * 3600_000 });
    await until(async () => (await actionsOf(w.orgId, "intent")).length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await actionsOf(w.orgId, "auto_reply")).toEqual([]);
    expect(await actionsOf(w.orgId, "handoff")).toEqual([]);
    const conv = await conversationOf(w.orgId, FROM);
    expect((await messagesOf(w.orgId, conv.id)).filter((m) => m.direction !== "inbound")).toEqual([]);
  });

  it("a replayed webhook or a redelivered job sends no second auto-reply", async () => {
    const w = await setup();
    const { raw } = await customerSays(w, "Quanto custa o bule azul?");
    await settled(w, ["auto_reply"]);
    expect((await postWebhook(raw)).status).toBe(200);
    const conv = await conversationOf(w.orgId, FROM);
    const uptoSeq = (await messagesOf(w.orgId, conv.id)).find((m) => m.direction === "inbound")!.seq;
    await runAiJob(env, { kind: "ai.inbound", orgId: w.orgId, conversationId: conv.id, uptoSeq });
    await new Promise((r) => setTimeout(r, 300));
    expect(await actionsOf(w.orgId, "auto_reply")).toHaveLength(1);
    expect((await messagesOf(w.orgId, conv.id)).filter((m) => m.direction === "outbound")).toHaveLength(1);
  });

  it("a lead score set by hand is not overwritten; AI's intent label and score can be undone", async () => {
    const w = await setup({ features: { autoReply: false } });
    await customerSays(w, "Quero encomendar dois bules");
    await settled(w, ["intent", "lead_score"]);
    const conv = await conversationOf(w.orgId, FROM);
    expect(conv.labels).toEqual(["order"]);
    const [intent] = await actionsOf(w.orgId, "intent");
    await expectJson(await w.owner.browser.post(`/api/ai/actions/${intent!.id}/revert`));
    expect((await conversationOf(w.orgId, FROM)).labels).toEqual([]);
    const [lead] = await actionsOf(w.orgId, "lead_score");
    await expectJson(await w.owner.browser.post(`/api/ai/actions/${lead!.id}/revert`));
    expect(await db().select().from(contacts).where(eq(contacts.id, conv.contactId)).get()).toMatchObject({
      leadScore: null,
      leadScoreSource: null,
    });

    await expectJson(await w.owner.browser.request("PUT", `/api/ai/contacts/${conv.contactId}/lead-score`, { score: 12 }));
    await customerSays(w, "Quero encomendar mais três");
    await until(async () => (await actionsOf(w.orgId, "intent")).length === 2);
    const contact = await db().select().from(contacts).where(eq(contacts.id, conv.contactId)).get();
    expect(contact).toMatchObject({ leadScore: 12, leadScoreSource: "manual", leadScoreBy: w.owner.userId });
    await aiSettings(w.owner, { enabled: false });
  });
});
