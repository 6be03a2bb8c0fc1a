/**
 * Intent feeding automation: once AI has labelled a conversation with its intent, rules on "AI detects a
 * conversation's intent" run with that label in place (a complaint escalates, a pricing question does not),
 * once per classified burst, however often the job is delivered.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { automationRuns } from "../../db/tables/automation";
import { addFact, customerSays, turnAiOn, until } from "../support/ai";
import { expectJson } from "../support/api-errors";
import { workspace } from "../support/live";
import { conversationOf, db } from "../support/parley";

describe("intent feeding automation rules", { timeout: 60_000 }, () => {
  it("escalates a conversation AI classifies as a complaint, and leaves a pricing question alone", async () => {
    const w = await workspace();
    await turnAiOn(w.owner);
    await addFact(w.owner, "Bule azul (blue teapot)", "O bule azul custa 34,90 € e chega em 2 dias úteis.", "product");
    for (const name of ["escalated", "complaint"])
      await expectJson(await w.owner.browser.post("/api/labels", { name, color: "#dc2626" }), 201);
    const { rule } = await expectJson<{ rule: { id: string } }>(
      await w.owner.browser.post("/api/automation/rules", {
        name: "Escalate complaints",
        trigger: "conversation.intent_detected",
        conditions: [{ field: "label", op: "has", value: "complaint" }],
        actions: [{ type: "add_label", label: "escalated" }],
      }),
      201,
    );

    await customerSays(w, "I want a refund, it arrived broken", { from: "351900000021" });
    await customerSays(w, "Olá! Quanto custa o bule azul?", { from: "351900000022" });
    const complaint = await until(async () => {
      const c = await conversationOf(w.orgId, "351900000021");
      return c?.labels.includes("escalated") ? c : null;
    });
    expect(complaint.labels).toEqual(expect.arrayContaining(["complaint", "escalated"]));
    const pricing = await until(async () => {
      const c = await conversationOf(w.orgId, "351900000022");
      return c?.labels.includes("pricing") ? c : null;
    });
    // One run, on the complaint; the pricing conversation's event found its condition false (no run, no label).
    await new Promise((r) => setTimeout(r, 500));
    const runs = await db()
      .select()
      .from(automationRuns)
      .where(and(eq(automationRuns.orgId, w.orgId), eq(automationRuns.ruleId, rule.id)))
      .all();
    expect(runs.map((r) => [r.conversationId, r.outcome])).toEqual([[complaint.id, "done"]]);
    expect(runs[0]).toMatchObject({
      trigger: "conversation.intent_detected",
      eventKey: expect.stringMatching(/^conversation\.intent_detected:/),
    });
    expect((await conversationOf(w.orgId, "351900000022")).labels).toEqual(pricing.labels);
  });
});
