/**
 * The auto-reply guardrails as plain rules, decided before and after the model is asked. Before: is an
 * auto-reply allowed at all now (availability, the 24-hour window, a handoff already made), and must
 * this message go to a person whatever the model says (asked for a human, a complaint, the per-
 * conversation cap). After: is the model's answer confident enough to send.
 */
import type { AiSettings } from "../../db/tables/ai";

export type Gate = { kind: "skip"; reason: string } | { kind: "handoff"; reason: string } | { kind: "ask" };

/** "I want a human", "quero falar com uma pessoa", "quiero hablar con un agente"… */
const WANTS_HUMAN =
  /\b(human|humano|real person|a person|uma pessoa|una persona|someone real|alguém|alguien|agent|agente|atendente|operador|operator|representative|manager|gerente)\b/i;
const COMPLAINT =
  /\b(refund|reembolso|devolu[cç][aã]o do dinheiro|devoluci[oó]n del dinero|complain|complaint|reclama[cç][aã]o|reclamaci[oó]n|queixa|broken|partid[oa]|rot[oa]|scam|burla|estafa|lawyer|advogado|abogado)\b/i;

export const wantsHuman = (text: string) => WANTS_HUMAN.test(text);
export const isComplaint = (text: string, intent: string | null) => intent === "complaint" || COMPLAINT.test(text);

/** Whether the business counts as unavailable now, by the org's rule. */
export function unattended(settings: Pick<AiSettings, "autoReplyMode" | "businessHours">, now: number, agentsOnline: number): boolean {
  switch (settings.autoReplyMode) {
    case "always":
      return true;
    case "no_agent_online":
      return agentsOnline === 0;
    case "outside_hours": {
      const h = settings.businessHours;
      if (!h) return false;
      const parts = new Intl.DateTimeFormat("en-GB", {
        timeZone: h.timeZone,
        weekday: "short",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      }).formatToParts(now);
      const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
      const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(get("weekday"));
      const minute = Number(get("hour")) * 60 + Number(get("minute"));
      const open = h.days.includes(day) && minute >= h.openMinute && minute < h.closeMinute;
      return !open;
    }
  }
}

export interface GateInput {
  settings: Pick<AiSettings, "autoReplyMode" | "businessHours" | "autoReplyMaxPerConversation">;
  now: number;
  agentsOnline: number;
  windowOpen: boolean;
  labels: string[];
  autoRepliesSoFar: number;
  customerText: string;
  intent: string | null;
}

export const HANDOFF_LABEL = "needs-human";

export function gate(i: GateInput): Gate {
  // Never free text outside the window: no reply, and nobody can answer but with a template anyway.
  if (!i.windowOpen) return { kind: "skip", reason: "The 24-hour window is closed." };
  if (i.labels.includes(HANDOFF_LABEL)) return { kind: "skip", reason: "Already handed to a person." };
  if (!unattended(i.settings, i.now, i.agentsOnline)) return { kind: "skip", reason: "The team is available." };
  // Answering spam invites more, and handing it over spends a person's time on it: the label is enough.
  if (i.intent === "spam" && !wantsHuman(i.customerText)) return { kind: "skip", reason: "Classified as spam." };
  if (wantsHuman(i.customerText)) return { kind: "handoff", reason: "The customer asked for a person." };
  if (isComplaint(i.customerText, i.intent)) return { kind: "handoff", reason: "A complaint or refund request: a person should answer." };
  if (i.autoRepliesSoFar >= i.settings.autoReplyMaxPerConversation)
    return { kind: "handoff", reason: `Reached the limit of ${i.settings.autoReplyMaxPerConversation} auto-replies in this conversation.` };
  return { kind: "ask" };
}

export interface ModelAnswer {
  handoff: boolean;
  reason: string;
  answer: string;
  confidence: number;
}

export function afterModel(answer: ModelAnswer, minConfidence: number): Gate {
  if (answer.handoff) return { kind: "handoff", reason: answer.reason || "The assistant asked for a person." };
  if (answer.confidence < minConfidence)
    return {
      kind: "handoff",
      reason: `Not confident enough (${Math.round(answer.confidence * 100)}% < ${Math.round(minConfidence * 100)}%): ${answer.reason}`,
    };
  if (!answer.answer.trim()) return { kind: "handoff", reason: answer.reason || "Nothing in the knowledge base answers this." };
  return { kind: "ask" };
}
