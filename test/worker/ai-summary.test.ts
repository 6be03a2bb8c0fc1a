/**
 * Summaries and what every AI request costs: on demand and on close through the Queue, redacted before
 * sending, stored with time and model; the usage log; the hard stop at the monthly budget; a provider
 * that fails leaves a clear error and nothing half-done.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { aiSummaries, aiUsage } from "../../db/tables/ai";
import { aiSettings, customerSays, failPeer, peerRequests, turnAiOn, until } from "../support/ai";
import { expectError, expectJson } from "../support/api-errors";
import { workspace } from "../support/live";
import { conversationOf, db, seedOutbound } from "../support/parley";

/** Only what an agent asks for: no background intent, score or auto-reply requests in the peer's log. */
const ON_DEMAND_ONLY = { features: { intent: false, leadScore: false, autoReply: false } };

const usageOf = (orgId: string) => db().select().from(aiUsage).where(eq(aiUsage.orgId, orgId)).all();

describe("conversation summaries", () => {
  it("on demand: redacted before it leaves, stored with time and model, details back in the team's copy", async () => {
    const w = await workspace();
    await turnAiOn(w.owner, ON_DEMAND_ONLY);
    await customerSays(w, "Olá, liguem-me para +351 912 345 678 ou escrevam para ana@example.pt, moro na Rua Augusta 120, 1100-053 Lisboa");
    const conv = await conversationOf(w.orgId, "351911111111");
    await seedOutbound(w.orgId, conv.id, w.phoneNumberId, { body: "Claro! Card on file 4111 1111 1111 1111?" });
    const { summary } = await expectJson<{ summary: { text: string; model: string; trigger: string; createdAt: number } }>(
      await w.owner.browser.post(`/api/conversations/${conv.id}/ai/summary`),
      201,
    );
    expect(summary).toMatchObject({ model: "gpt-4o-mini", trigger: "manual" });
    expect(summary.createdAt).toBeGreaterThan(Date.now() - 60_000);
    // The team's copy has the details back (the peer quotes the first customer line).
    expect(summary.text).toContain("+351 912 345 678");

    const [req] = await peerRequests(w.orgId);
    const sent = JSON.stringify(req!.body);
    for (const secret of ["912 345 678", "ana@example.pt", "Rua Augusta", "1100-053", "4111"]) expect(sent).not.toContain(secret);
    for (const placeholder of ["[PHONE_1]", "[EMAIL_1]", "[ADDRESS_1]", "[CARD_1]"]) expect(sent).toContain(placeholder);
    expect(req!.body).toMatchObject({ model: "gpt-4o-mini", store: false });
    // Names and numbers of the customer are not in the prompt at all.
    expect(sent).not.toContain("351911111111");
    expect(sent).not.toContain("Ana");

    const usage = await usageOf(w.orgId);
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ feature: "summaries", model: "gpt-4o-mini", outcome: "ok" });
    expect(usage[0]!.tokensIn).toBeGreaterThan(10);
    expect(usage[0]!.costMicros).toBe(Math.ceil(usage[0]!.tokensIn * 0.15 + usage[0]!.tokensOut * 0.6));

    // Nothing new since: asking again answers the stored summary without a request.
    const again = await expectJson<{ fresh: boolean }>(await w.owner.browser.post(`/api/conversations/${conv.id}/ai/summary`));
    expect(again.fresh).toBe(false);
    expect(await peerRequests(w.orgId)).toHaveLength(1);
  });

  it("closing a conversation summarizes it through the Queue; only what is new since the last summary is sent", async () => {
    const w = await workspace();
    await turnAiOn(w.owner, ON_DEMAND_ONLY);
    await customerSays(w, "Do you have the blue teapot?");
    const conv = await conversationOf(w.orgId, "351911111111");
    await expectJson(await w.owner.browser.post(`/api/conversations/${conv.id}/ai/summary`), 201);
    await customerSays(w, "Actually I want two of them");
    await expectJson(await w.owner.browser.post(`/api/conversations/${conv.id}/state`, { state: "closed" }));
    const rows = await until(async () => {
      const r = await db()
        .select()
        .from(aiSummaries)
        .where(and(eq(aiSummaries.orgId, w.orgId), eq(aiSummaries.trigger, "closed")))
        .all();
      return r.length ? r : null;
    });
    expect(rows[0]!.model).toBe("gpt-4o-mini");
    const requests = await peerRequests(w.orgId);
    expect(requests).toHaveLength(2);
    const second = JSON.stringify(requests[1]!.body.messages);
    expect(second).toContain("Summary so far:");
    expect(second).toContain("Actually I want two of them");
    expect(second).not.toContain("Customer: Do you have the blue teapot?");
  });

  it("stops hard at the monthly budget: a 402, nothing sent, the refusal in the usage log", async () => {
    const w = await workspace();
    await turnAiOn(w.owner, { ...ON_DEMAND_ONLY, monthlyBudgetCents: 1 });
    await customerSays(w, "Hello there, a long question about delivery to Porto and Braga next week please");
    const conv = await conversationOf(w.orgId, "351911111111");
    // One cent is 10,000 micro-dollars: the first summary (~100 tokens in, 300 out at most) fits.
    await expectJson(await w.owner.browser.post(`/api/conversations/${conv.id}/ai/summary`), 201);
    await aiSettings(w.owner, { monthlyBudgetCents: 0 });
    await customerSays(w, "And to Faro?");
    await expectError(await w.owner.browser.post(`/api/conversations/${conv.id}/ai/summary`), 402, "ai_budget_exhausted", "budget");
    await expectError(await w.owner.browser.post(`/api/conversations/${conv.id}/ai/draft`, {}), 402, "ai_budget_exhausted");
    expect(await peerRequests(w.orgId)).toHaveLength(1);
    expect((await usageOf(w.orgId)).map((u) => u.outcome).sort()).toEqual(["budget", "ok"]);
  });

  it("a provider that keeps failing is a 503 after retries, with nothing stored and the failure logged", async () => {
    const w = await workspace();
    await turnAiOn(w.owner, ON_DEMAND_ONLY);
    await customerSays(w, "Hello?");
    const conv = await conversationOf(w.orgId, "351911111111");
    await failPeer(w.orgId, 500, 2);
    await expectError(await w.owner.browser.post(`/api/conversations/${conv.id}/ai/summary`), 503, "ai_unavailable", "nothing was changed");
    // AI_MAX_RETRIES=1 in tests: the SDK tried twice.
    expect((await peerRequests(w.orgId)).map((r) => r.status)).toEqual([500, 500]);
    expect(await db().select().from(aiSummaries).where(eq(aiSummaries.orgId, w.orgId)).all()).toEqual([]);
    expect((await usageOf(w.orgId)).map((u) => u.outcome)).toEqual(["error"]);
    // The next attempt works: the failure was the provider's, not a stuck state.
    await expectJson(await w.owner.browser.post(`/api/conversations/${conv.id}/ai/summary`), 201);
  });
});
