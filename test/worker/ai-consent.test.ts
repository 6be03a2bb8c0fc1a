/**
 * Consent: AI is off for a new organization and nothing leaves for the provider until an owner or admin
 * switches it on; each feature has its own switch; the settings page says what is sent to whom.
 */
import { describe, expect, it } from "vitest";
import { addMember } from "../support/accounts";
import { aiSettings, customerSays, peerRequests, turnAiOn, until } from "../support/ai";
import { expectError, expectJson } from "../support/api-errors";
import { workspace } from "../support/live";
import { auditOf } from "../support/org-state";
import { conversationOf } from "../support/parley";

describe("AI consent", () => {
  it("is off by default: no button works, and closing, handing over and new messages send the provider nothing", async () => {
    const w = await workspace();
    const status = await expectJson<{ enabled: boolean }>(await w.owner.browser.get("/api/ai/status"));
    expect(status.enabled).toBe(false);

    await customerSays(w, "Olá! Quanto custa o bule azul? O meu email é ana@example.pt");
    const conv = await conversationOf(w.orgId, "351911111111");
    const agent = await addMember(w.owner, "agent");
    await expectError(await w.owner.browser.post(`/api/conversations/${conv.id}/ai/summary`), 403, "ai_off", "Settings → AI");
    await expectError(await w.owner.browser.post(`/api/conversations/${conv.id}/ai/draft`, {}), 403, "ai_off");
    await expectJson(await w.owner.browser.post(`/api/conversations/${conv.id}/assign`, { assigneeId: w.owner.userId }));
    await expectJson(await w.owner.browser.post(`/api/conversations/${conv.id}/assign`, { assigneeId: agent.userId }));
    await expectJson(await w.owner.browser.post(`/api/conversations/${conv.id}/state`, { state: "closed" }));
    await customerSays(w, "Still there?");

    // Now switch AI on and do one thing that goes through the Queue: once its request has arrived, the
    // queue has drained past everything above, and every request the provider saw came after consent.
    const consentAt = Date.now();
    await turnAiOn(w.owner);
    await expectJson(await w.owner.browser.post(`/api/conversations/${conv.id}/state`, { state: "open" }));
    await expectJson(await w.owner.browser.post(`/api/conversations/${conv.id}/state`, { state: "closed" }));
    await until(async () => (await peerRequests(w.orgId)).some((r) => JSON.stringify(r.body).includes("Task: summary")));
    await new Promise((r) => setTimeout(r, 300));
    const all = await peerRequests(w.orgId);
    for (const r of all) expect(r.at).toBeGreaterThanOrEqual(consentAt);
    // Redaction held for what did go: the email never left.
    expect(JSON.stringify(all)).toContain("[EMAIL_1]");
    expect(JSON.stringify(all)).not.toContain("ana@example.pt");
  });

  it("only owners and admins change settings; every change is audited; the page says what is sent to whom", async () => {
    const w = await workspace();
    const agent = await addMember(w.owner, "agent");
    const admin = await addMember(w.owner, "admin");
    await expectError(await agent.browser.request("PUT", "/api/ai/settings", { enabled: true }), 403, "forbidden");
    await expectError(await agent.browser.get("/api/ai/settings"), 403, "forbidden");
    await aiSettings(admin, { enabled: true, monthlyBudgetCents: 500, features: { autoReply: false } });
    const page = await expectJson<{
      settings: { enabled: boolean; monthlyBudgetCents: number; features: Record<string, boolean> };
      disclosure: { endpoint: string; model: string; always: string[]; features: Record<string, string> };
    }>(await w.owner.browser.get("/api/ai/settings"));
    expect(page.settings).toMatchObject({ enabled: true, monthlyBudgetCents: 500, features: { autoReply: false, drafts: true } });
    expect(page.disclosure.endpoint).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(page.disclosure.model).toBe("gpt-4o-mini");
    expect(page.disclosure.always.join(" ")).toContain("[PHONE_1]");
    expect(page.disclosure.features.drafts).toContain("knowledge base");
    const audit = await auditOf(w.orgId, "ai.settings_changed");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ enabled: true, switched: "on" });
  });

  it("refuses bad settings with a clear error and keeps the stored ones", async () => {
    const w = await workspace();
    await aiSettings(w.owner, { enabled: true, monthlyBudgetCents: 700 });
    const bad: [unknown, string][] = [
      [{ monthlyBudgetCents: -1 }, "monthlyBudgetCents"],
      [{ model: "gpt 4; drop" }, "model"],
      [{ businessHours: { timeZone: "Mars/Olympus", days: [1], openMinute: 540, closeMinute: 1080 } }, "time zone"],
      [{ businessHours: { timeZone: "Europe/Lisbon", days: [1], openMinute: 600, closeMinute: 540 } }, "after opening"],
      [{ features: { telepathy: true } }, "telepathy"],
      [{ enabled: "yes" }, "enabled"],
    ];
    for (const [body, says] of bad)
      await expectError(await w.owner.browser.request("PUT", "/api/ai/settings", body), 400, "invalid_body", says);
    const page = await expectJson<{ settings: { monthlyBudgetCents: number; enabled: boolean } }>(
      await w.owner.browser.get("/api/ai/settings"),
    );
    expect(page.settings).toMatchObject({ enabled: true, monthlyBudgetCents: 700 });
  });

  it("a feature switched off is refused on its own, with the others still working", async () => {
    const w = await workspace();
    await turnAiOn(w.owner, { features: { drafts: false } });
    await customerSays(w, "Hello, do you deliver on Saturdays?");
    const conv = await conversationOf(w.orgId, "351911111111");
    await expectError(await w.owner.browser.post(`/api/conversations/${conv.id}/ai/draft`, {}), 403, "ai_feature_off", "Reply drafts");
    await expectJson(await w.owner.browser.post(`/api/conversations/${conv.id}/ai/summary`), 201);
  });
});
