/**
 * Reply drafts streamed as server-sent events: in the customer's language, from the knowledge base,
 * customer details restored on our side only; rephrase, shorten and translate on the agent's own text;
 * a failing provider ends the stream with an error event, never a hang.
 */
import { describe, expect, it } from "vitest";
import { addFact, customerSays, failPeer, peerRequests, readSse, turnAiOn } from "../support/ai";
import { expectError, expectJson } from "../support/api-errors";
import { workspace } from "../support/live";
import { conversationOf } from "../support/parley";

/** Only what an agent asks for: no background intent, score or auto-reply requests in the peer's log. */
const ON_DEMAND_ONLY = { features: { intent: false, leadScore: false, autoReply: false } };

async function setup() {
  const w = await workspace();
  await turnAiOn(w.owner, ON_DEMAND_ONLY);
  await addFact(w.owner, "Bule azul (blue teapot)", "O bule azul custa 34,90 € e chega em 2 dias úteis.", "product");
  await addFact(w.owner, "Returns", "Returns are free within 30 days.", "policy");
  return w;
}

describe("reply drafts", () => {
  it("streams a draft in the customer's language that names the knowledge base's price, details restored", async () => {
    const w = await setup();
    await customerSays(w, "Olá! Quanto custa o bule azul? Escrevam para ana@example.pt");
    const conv = await conversationOf(w.orgId, "351911111111");
    const res = await w.owner.browser.post(`/api/conversations/${conv.id}/ai/draft`, { tone: "friendly" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = await readSse(res);
    const deltas = events.filter((e) => e.event === "delta").map((e) => e.data.text as string);
    expect(deltas.length).toBeGreaterThan(3);
    const done = events.at(-1)!;
    expect(done.event).toBe("done");
    expect(done.data).toMatchObject({ language: "pt", model: "gpt-4o-mini" });
    expect(done.data.text).toContain("34,90 €");
    expect(done.data.text).toMatch(/^Olá!/);
    // The peer answered with the placeholder; the agent sees the real address.
    expect(done.data.text).toContain("ana@example.pt");
    expect(deltas.join("")).toBe(`${done.data.text}`);

    const [req] = await peerRequests(w.orgId);
    expect(req!.body.stream).toBe(true);
    const sent = JSON.stringify(req!.body.messages);
    expect(sent).toContain("O bule azul custa 34,90 €");
    expect(sent).toContain("[EMAIL_1]");
    expect(sent).not.toContain("ana@example.pt");
  });

  it("rephrases, shortens and translates the agent's own text, sending only that text", async () => {
    const w = await setup();
    await customerSays(w, "Hi, my number is +44 7700 900123, secret stuff here");
    const conv = await conversationOf(w.orgId, "351911111111");
    const run = async (body: Record<string, unknown>) => {
      const events = await readSse(await w.owner.browser.post(`/api/conversations/${conv.id}/ai/draft`, body));
      expect(events.at(-1)!.event).toBe("done");
      return events.at(-1)!.data.text as string;
    };
    expect(await run({ mode: "shorten", text: "We can ship tomorrow. It will arrive on Friday. Thanks!" })).toBe("We can ship tomorrow.");
    expect(await run({ mode: "rephrase", tone: "formal", text: "yeah we can do that" })).toBe("Dear customer, yeah we can do that");
    expect(await run({ mode: "translate", language: "es", text: "Thank you, call me at 912 345 678" })).toBe(
      "(es) Thank you, call me at 912 345 678",
    );
    const requests = await peerRequests(w.orgId);
    expect(requests).toHaveLength(3);
    // Only the agent's text went, never the conversation; the phone number in it was redacted.
    for (const r of requests) expect(JSON.stringify(r.body)).not.toContain("secret stuff");
    expect(JSON.stringify(requests[2]!.body)).toContain("[PHONE_1]");
    await expectError(
      await w.owner.browser.post(`/api/conversations/${conv.id}/ai/draft`, { mode: "shorten" }),
      400,
      "invalid_body",
      "text",
    );
  });

  it("refuses bad draft bodies before anything is sent", async () => {
    const w = await setup();
    await customerSays(w, "Hello");
    const conv = await conversationOf(w.orgId, "351911111111");
    for (const body of [{ mode: "poem" }, { tone: "angry" }, { language: "fr" }, { extra: 1 }]) {
      await expectError(await w.owner.browser.post(`/api/conversations/${conv.id}/ai/draft`, body), 400, "invalid_body");
    }
    expect(await peerRequests(w.orgId)).toHaveLength(0);
  });

  it("a failing provider ends the stream with an error event the composer can show", async () => {
    const w = await setup();
    await customerSays(w, "Quanto custa o bule azul?");
    const conv = await conversationOf(w.orgId, "351911111111");
    await failPeer(w.orgId, 503, 2);
    const events = await readSse(await w.owner.browser.post(`/api/conversations/${conv.id}/ai/draft`, {}));
    expect(events).toEqual([
      { event: "error", data: { code: "ai_unavailable", message: expect.stringContaining("Try again"), status: 503 } },
    ]);
  });

  it("the knowledge base: members read it, only admins change it", async () => {
    const w = await setup();
    const { entries } = await expectJson<{ entries: { id: string; title: string }[] }>(await w.owner.browser.get("/api/ai/knowledge"));
    expect(entries.map((e) => e.title).sort()).toEqual(["Bule azul (blue teapot)", "Returns"]);
    const { addMember } = await import("../support/accounts");
    const agent = await addMember(w.owner, "agent");
    await expectJson(await agent.browser.get("/api/ai/knowledge"));
    await expectError(await agent.browser.post("/api/ai/knowledge", { kind: "faq", title: "x", body: "y" }), 403, "forbidden");
    await expectError(await w.owner.browser.post("/api/ai/knowledge", { kind: "rumour", title: "x", body: "y" }), 400, "invalid_body");
    const id = entries[0]!.id;
    await expectJson(await w.owner.browser.request("PATCH", `/api/ai/knowledge/${id}`, { body: "Now 39,90 €." }));
    await expectJson(await w.owner.browser.request("DELETE", `/api/ai/knowledge/${id}`));
    await expectError(await w.owner.browser.request("DELETE", `/api/ai/knowledge/${id}`), 404, "knowledge_not_found");
  });
});
