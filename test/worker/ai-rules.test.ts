/** The auto-reply guardrails as rules: availability by business hours, the order of the checks. */
import { describe, expect, it } from "vitest";
import { afterModel, gate, unattended } from "../../worker/ai/auto-reply-rules";

const hours = { timeZone: "Europe/Lisbon", days: [1, 2, 3, 4, 5], openMinute: 9 * 60, closeMinute: 18 * 60 };
const base = {
  settings: { autoReplyMode: "outside_hours" as const, businessHours: hours, autoReplyMaxPerConversation: 2 },
  now: Date.parse("2026-12-07T22:00:00Z"), // a Monday, 22:00 in Lisbon
  agentsOnline: 3,
  windowOpen: true,
  labels: [],
  autoRepliesSoFar: 0,
  customerText: "Quanto custa?",
  intent: "pricing",
};

describe("auto-reply rules", () => {
  it("knows business hours in the org's time zone", () => {
    const s = { autoReplyMode: "outside_hours" as const, businessHours: hours };
    expect(unattended(s, Date.parse("2026-12-07T10:00:00Z"), 0)).toBe(false); // Monday 10:00 Lisbon
    expect(unattended(s, Date.parse("2026-12-07T18:30:00Z"), 0)).toBe(true); // Monday 18:30
    expect(unattended(s, Date.parse("2026-12-06T10:00:00Z"), 0)).toBe(true); // Sunday
    expect(unattended({ ...s, businessHours: { ...hours, timeZone: "America/New_York" } }, Date.parse("2026-12-07T22:00:00Z"), 0)).toBe(
      false,
    ); // 17:00 in New York
    expect(unattended({ autoReplyMode: "no_agent_online", businessHours: hours }, 0, 1)).toBe(false);
    expect(unattended({ autoReplyMode: "no_agent_online", businessHours: hours }, 0, 0)).toBe(true);
  });

  it("checks the window first, then a handoff already made, then availability, then a person, complaints and the cap", () => {
    expect(gate(base)).toEqual({ kind: "ask" });
    expect(gate({ ...base, windowOpen: false, customerText: "I want a human" }).kind).toBe("skip");
    expect(gate({ ...base, labels: ["needs-human"] }).kind).toBe("skip");
    expect(gate({ ...base, now: Date.parse("2026-12-07T10:00:00Z") })).toEqual({ kind: "skip", reason: "The team is available." });
    expect(gate({ ...base, customerText: "quiero hablar con un agente" }).kind).toBe("handoff");
    expect(gate({ ...base, customerText: "Quero o reembolso" }).kind).toBe("handoff");
    expect(gate({ ...base, intent: "complaint", customerText: "this is unacceptable" }).kind).toBe("handoff");
    // Asking how returns work is answerable; wanting the money back is a refund (eval cases pt-13, es-13).
    expect(gate({ ...base, intent: "support", customerText: "Posso fazer a devolução de uma caneca se não gostar?" }).kind).toBe("ask");
    expect(gate({ ...base, intent: "support", customerText: "Quero a devolução do dinheiro" }).kind).toBe("handoff");
    // Spam gets neither an answer nor a person, unless it asks for one.
    expect(gate({ ...base, intent: "spam", customerText: "Win bitcoin now" })).toEqual({ kind: "skip", reason: "Classified as spam." });
    expect(gate({ ...base, intent: "spam", customerText: "I want a human" }).kind).toBe("handoff");
    expect(gate({ ...base, autoRepliesSoFar: 2 })).toEqual({
      kind: "handoff",
      reason: "Reached the limit of 2 auto-replies in this conversation.",
    });
  });

  it("sends only a confident, non-empty answer the model did not flag", () => {
    const ok = { handoff: false, reason: "From FAQ", answer: "Custa 34,90 €.", confidence: 0.9 };
    expect(afterModel(ok, 0.7)).toEqual({ kind: "ask" });
    expect(afterModel({ ...ok, confidence: 0.69 }, 0.7).kind).toBe("handoff");
    expect(afterModel({ ...ok, answer: " " }, 0.7).kind).toBe("handoff");
    expect(afterModel({ ...ok, handoff: true }, 0.7).kind).toBe("handoff");
  });
});
