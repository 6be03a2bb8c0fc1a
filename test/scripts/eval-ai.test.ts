/**
 * The AI evaluation set and its runner: enough conversations in each language, every label one Parley
 * knows, and a run through the pipeline against the local OpenAI peer that redacts before sending,
 * parses every structured answer and invents no price.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVAL_CASES } from "../../scripts/eval/ai-cases";
import { EVAL_INTENTS } from "../../scripts/eval/ai-shop";
import { amountsIn, runAiEval } from "../../scripts/eval/run-ai-eval";
import { startOpenAiPeer, type OpenAiPeer } from "../peers/openai";

let peer: OpenAiPeer;
beforeAll(async () => {
  peer = await startOpenAiPeer({ apiKey: "eval-key" });
});
afterAll(() => peer.close());

describe("AI evaluation set", () => {
  it("holds at least 60 labelled conversations, 20 or more per language, with known intents and unique ids", () => {
    expect(EVAL_CASES.length).toBeGreaterThanOrEqual(60);
    for (const lang of ["en", "pt", "es"]) expect(EVAL_CASES.filter((c) => c.id.startsWith(`${lang}-`)).length).toBeGreaterThanOrEqual(20);
    expect(new Set(EVAL_CASES.map((c) => c.id)).size).toBe(EVAL_CASES.length);
    for (const c of EVAL_CASES) expect(EVAL_INTENTS).toContain(c.intent);
    expect(EVAL_CASES.filter((c) => c.handoff).length).toBeGreaterThanOrEqual(15);
  });

  it("reads amounts however they are written", () => {
    expect(amountsIn("O bule custa 34,99 € e o embrulho 3,00€; €12.50 or EUR 8.99, free over 50 euros")).toEqual([
      3499, 300, 1250, 899, 5000,
    ]);
  });

  it("runs every case through the pipeline against the local peer: nothing unredacted leaves, nothing fails to parse, no price invented", async () => {
    const { results, figures } = await runAiEval(EVAL_CASES, { baseURL: peer.url, apiKey: "eval-key", model: "eval-model" });
    expect(figures.cases).toBe(EVAL_CASES.length);
    expect(figures.errors).toBe(0);
    expect(figures.redactionLeaks).toBe(0);
    expect(figures.faithfulness.answersWithInventedPrices).toBe(0);
    // The peer saw the placeholders, never the customer's phone, email or street.
    const sent = JSON.stringify(peer.requests.map((r) => r.body));
    for (const detail of ["912 345 678", "joana.reis@example.pt", "Calle Mayor 5"]) expect(sent).not.toContain(detail);
    expect(sent).toContain("[PHONE_1]");
    // Three requests per case with facts (triage, auto-reply unless a rule decided, draft).
    expect(peer.requests.length).toBeGreaterThan(EVAL_CASES.length * 2);
    // Guardrails decided before the model where they should: a person asked for, a refund, spam.
    expect(results.find((r) => r.id === "en-16")!.handoff).toMatchObject({ got: true, reason: expect.stringMatching(/^rule:/) });
    expect(results.find((r) => r.id === "es-14")!.handoff).toMatchObject({ got: true, reason: expect.stringMatching(/^rule:/) });
    expect(results.find((r) => r.id === "pt-19")!).toMatchObject({ handoff: { got: false }, autoReply: null });
    // The catalog's price reaches the draft in the customer's way of writing it.
    expect(results.find((r) => r.id === "pt-01")!.draft).toContain("34,99 €");
    expect(results.find((r) => r.id === "en-01")!.draft).toContain("€34.99");
    expect(figures.intentAccuracy).toBeGreaterThan(0.8);
    expect(figures.handoff.recall).toBeGreaterThan(0.9);
  });
});
