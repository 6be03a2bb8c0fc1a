/** Names the AI screens show for features and actions, and how they write money. */
import type { AiFeature } from "../../../db/tables/ai-enums";
import type { AiAction } from "./ai-api";

export const FEATURE_TITLES: Record<AiFeature, string> = {
  summaries: "Conversation summaries",
  drafts: "Reply drafts",
  intent: "Intent detection",
  leadScore: "Lead scoring",
  autoReply: "Auto-replies",
};

export const ACTION_LABELS: Record<AiAction["kind"], string> = {
  summary: "Summarized",
  intent: "Labelled the intent",
  lead_score: "Scored the lead",
  auto_reply: "Auto-replied",
  handoff: "Handed off to a person",
  draft: "Drafted a reply",
};

/** Model costs are fractions of a cent: four decimals below a cent, two above. */
export const dollars = (micros: number) => `$${(micros / 1_000_000).toFixed(micros < 10_000 ? 4 : 2)}`;

/** One line on what an action did, from its stored detail. */
export function actionDetail(a: AiAction): string {
  const d = a.detail;
  const pct = typeof d.confidence === "number" ? ` (${Math.round(d.confidence * 100)}%)` : "";
  switch (a.kind) {
    case "intent":
      return `${String(d.intent ?? "")}${pct}`;
    case "lead_score":
      return `${String(d.score ?? "")}/100${d.reason ? `: ${String(d.reason)}` : ""}`;
    case "handoff":
    case "auto_reply":
      return `${String(d.reason ?? "")}${pct}`;
    case "draft":
      return [d.mode, d.tone, d.language].filter(Boolean).join(" · ");
    case "summary":
      return d.trigger === "manual" ? "On request" : d.trigger === "closed" ? "When closed" : "On handover";
  }
}
