/**
 * Tenant isolation for AI: as org A, every AI route on org B's conversation, contact, knowledge entry
 * and AI action is a 404 and changes nothing in B; A's settings are A's alone; and nothing A does
 * sends B's messages to the provider.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts } from "../../db/schema";
import { aiActions, aiKnowledge, aiSettings, aiSummaries, contactLeadScores } from "../../db/tables/ai";
import { addMember } from "../support/accounts";
import { addFact, customerSays, peerRequests, turnAiOn } from "../support/ai";
import { expectError, expectJson } from "../support/api-errors";
import { workspace } from "../support/live";
import { conversationOf, db } from "../support/parley";

async function aiStateOf(orgId: string) {
  const by = <T extends { orgId: unknown }>(t: T) => eq(t.orgId as never, orgId);
  return {
    settings: await db().select().from(aiSettings).where(by(aiSettings)).all(),
    knowledge: await db().select().from(aiKnowledge).where(by(aiKnowledge)).all(),
    summaries: await db().select().from(aiSummaries).where(by(aiSummaries)).all(),
    actions: await db().select().from(aiActions).where(by(aiActions)).all(),
    scores: await db().select().from(contactLeadScores).where(by(contactLeadScores)).all(),
    contacts: await db().select().from(contacts).where(by(contacts)).all(),
  };
}

describe("as org A, org B's AI", () => {
  it("every AI route on B's ids is a 404 and B is left exactly as it was", async () => {
    const a = await workspace();
    const agentA = await addMember(a.owner, "agent");
    await turnAiOn(a.owner);
    const b = await workspace();
    // B's background jobs (intent, lead score, auto-reply) would land in B's tables while A probes, racing
    // the before/after comparison; B's on-demand AI is what A's calls could touch.
    await turnAiOn(b.owner, { features: { intent: false, leadScore: false, autoReply: false } });
    const { entry } = await addFact(b.owner, "Secret price", "B's teapot is 99 €");
    await customerSays(b, "Quanto custa o bule?");
    const conv = await conversationOf(b.orgId, "351911111111");
    await expectJson(await b.owner.browser.post(`/api/conversations/${conv.id}/ai/summary`), 201);
    await expectJson(await b.owner.browser.request("PUT", `/api/ai/contacts/${conv.contactId}/lead-score`, { score: 80 }));
    const [action] = await db().select().from(aiActions).where(eq(aiActions.orgId, b.orgId)).all();
    const before = await aiStateOf(b.orgId);
    const bRequests = (await peerRequests(b.orgId)).length;

    const attempts: [string, string, unknown, string][] = [
      ["GET", `/api/conversations/${conv.id}/ai`, undefined, "conversation_not_found"],
      ["POST", `/api/conversations/${conv.id}/ai/summary`, {}, "conversation_not_found"],
      ["POST", `/api/conversations/${conv.id}/ai/draft`, {}, "conversation_not_found"],
      ["POST", `/api/conversations/${conv.id}/ai/draft`, { mode: "shorten", text: "hi" }, "conversation_not_found"],
      ["PATCH", `/api/ai/knowledge/${entry.id}`, { body: "A was here" }, "knowledge_not_found"],
      ["DELETE", `/api/ai/knowledge/${entry.id}`, undefined, "knowledge_not_found"],
      ["POST", `/api/ai/actions/${action!.id}/revert`, {}, "ai_action_not_found"],
      ["PUT", `/api/ai/contacts/${conv.contactId}/lead-score`, { score: 1 }, "contact_not_found"],
      ["PUT", `/api/ai/contacts/${conv.contactId}/lead-score`, { score: null }, "contact_not_found"],
    ];
    for (const member of [a.owner, agentA]) {
      for (const [method, path, body, code] of attempts) {
        if (member === agentA && (method === "PATCH" || method === "DELETE")) continue;
        await expectError(await member.browser.request(method, path, body), 404, code, "in your organization");
      }
    }
    // Lists and settings are the caller's own.
    const { entries } = await expectJson<{ entries: unknown[] }>(await a.owner.browser.get("/api/ai/knowledge"));
    expect(entries).toEqual([]);
    const { actions } = await expectJson<{ actions: unknown[] }>(await a.owner.browser.get(`/api/ai/actions?conversationId=${conv.id}`));
    expect(actions).toEqual([]);
    await expectJson(await a.owner.browser.request("PUT", "/api/ai/settings", { enabled: false, monthlyBudgetCents: 1 }));
    const usage = await expectJson<{ costMicros: number }>(await a.owner.browser.get("/api/ai/usage"));
    expect(usage.costMicros).toBe(0);

    expect(await aiStateOf(b.orgId)).toEqual(before);
    expect(await peerRequests(b.orgId)).toHaveLength(bRequests);
    expect(JSON.stringify(await peerRequests(a.orgId))).not.toContain("bule");
  });
});
