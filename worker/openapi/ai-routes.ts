/** AI assist's routes as documentation (see routes.ts for the shape). */
import * as ai from "../schemas/ai";
import type { RouteDoc } from "./routes";

const tag = "AI assist";

export const aiRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/api/ai/status",
    tag,
    summary: "Whether AI is on for the caller's org and which features, so the inbox shows only working buttons.",
    auth: "session",
  },
  {
    method: "get",
    path: "/api/ai/settings",
    tag,
    summary: "Consent and settings, the default model, exactly what is sent to which endpoint (disclosure), and this month's usage.",
    auth: "admin",
  },
  {
    method: "put",
    path: "/api/ai/settings",
    tag,
    summary: "Switches AI and each feature on or off; model, monthly budget (US cents), auto-reply rules, intents. Audited.",
    body: ai.aiSettingsBody,
    auth: "admin",
  },
  {
    method: "get",
    path: "/api/ai/usage",
    tag,
    summary: "This month's AI requests: per feature totals (tokens, cost, failures) and the last 50.",
    auth: "admin",
  },
  { method: "get", path: "/api/ai/knowledge", tag, summary: "The knowledge base drafts and auto-replies answer from.", auth: "session" },
  {
    method: "post",
    path: "/api/ai/knowledge",
    tag,
    summary: "Adds a knowledge-base entry (FAQ, policy or product).",
    body: ai.knowledgeBody,
    auth: "admin",
  },
  {
    method: "patch",
    path: "/api/ai/knowledge/{id}",
    tag,
    summary: "Edits a knowledge-base entry.",
    body: ai.knowledgePatchBody,
    auth: "admin",
  },
  { method: "delete", path: "/api/ai/knowledge/{id}", tag, summary: "Removes a knowledge-base entry.", auth: "admin" },
  {
    method: "get",
    path: "/api/ai/actions",
    tag,
    summary: "The audit of AI actions, newest first (?conversationId=, ?limit=).",
    auth: "session",
  },
  {
    method: "post",
    path: "/api/ai/actions/{id}/revert",
    tag,
    summary: "Undoes an AI action (summary, intent label, lead score, handoff). 409 not_reversible for a sent auto-reply.",
    auth: "session",
  },
  {
    method: "put",
    path: "/api/ai/contacts/{contactId}/lead-score",
    tag,
    summary: "Sets a lead score by hand (AI never overwrites it); null hands the score back to AI.",
    body: ai.leadScoreBody,
    auth: "session",
  },
  {
    method: "get",
    path: "/api/conversations/{id}/ai",
    tag,
    summary: "The conversation's summaries, intent, the contact's lead score and recent AI actions.",
    auth: "session",
  },
  {
    method: "post",
    path: "/api/conversations/{id}/ai/summary",
    tag,
    summary:
      "Summarizes what is new since the last summary (201), or returns the last one when nothing is (200). 403 ai_off, 402 ai_budget_exhausted, 503 ai_unavailable.",
    auth: "session",
  },
  {
    method: "post",
    path: "/api/conversations/{id}/ai/draft",
    tag,
    summary:
      "Streams a reply draft (or rephrase / shorten / translate of `text`) as server-sent events: `delta` {text}…, then `done` {text, language, model} or `error` {code, message, status}.",
    body: ai.draftBody,
    auth: "session",
  },
];
