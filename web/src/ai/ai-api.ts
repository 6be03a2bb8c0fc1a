/**
 * AI assist's API from the browser, and the org's AI status as a signal: the inbox shows AI buttons
 * only when the org and the feature are switched on.
 */
import { signal } from "@preact/signals";
import type { AiFeature, AiFeatureSwitches, AutoReplyMode, BusinessHours } from "../../../db/tables/ai-enums";
import type { AiSettingsBody, DraftBody } from "../../../worker/schemas/ai";
import { api, ApiError } from "../api/client";
import { csrfToken } from "../api/csrf";

export interface AiStatus {
  enabled: boolean;
  features: AiFeatureSwitches;
}

export interface AiSettingsView {
  enabled: boolean;
  features: AiFeatureSwitches;
  model: string | null;
  monthlyBudgetCents: number;
  autoReplyMode: AutoReplyMode;
  businessHours: BusinessHours | null;
  autoReplyMinConfidence: number;
  autoReplyMaxPerConversation: number;
  intents: string[];
  updatedAt: number;
}

export interface Disclosure {
  endpoint: string;
  model: string;
  features: Record<AiFeature, string>;
  always: string[];
  never: string[];
}

export interface UsageView {
  month: string;
  costMicros: number;
  byFeature: { feature: string; requests: number; tokensIn: number; tokensOut: number; costMicros: number; failures: number }[];
  recent: {
    id: string;
    feature: string;
    model: string;
    tokensIn: number;
    tokensOut: number;
    costMicros: number;
    latencyMs: number;
    outcome: string;
    createdAt: number;
  }[];
}

export interface AiPlanAllowance {
  id: string;
  name: string;
  /** US cents of model cost a month; null is unlimited. */
  aiBudgetCentsPerMonth: number | null;
}

export interface AiSettingsResponse {
  settings: AiSettingsView;
  plan: AiPlanAllowance;
  defaultModel: string;
  disclosure: Disclosure;
  usage: UsageView;
}

export interface KnowledgeEntry {
  id: string;
  kind: "faq" | "policy" | "product";
  title: string;
  body: string;
  updatedAt: number;
}

export interface AiAction {
  id: string;
  kind: "summary" | "intent" | "lead_score" | "auto_reply" | "handoff" | "draft";
  conversationId: string | null;
  contactId: string | null;
  detail: Record<string, unknown>;
  before: Record<string, unknown> | null;
  revertedAt: number | null;
  createdAt: number;
}

export interface ConversationAi {
  summaries: { id: string; text: string; model: string; trigger: string; createdAt: number }[];
  intent: { intent: string; confidence: number; model: string; updatedAt: number } | null;
  leadScore: { score: number; reason: string | null; source: "ai" | "manual"; updatedAt: number } | null;
  actions: AiAction[];
}

export const aiStatus = signal<AiStatus | null>(null);

let loading: Promise<void> | null = null;
export function loadAiStatus(force = false): Promise<void> {
  if (loading && !force) return loading;
  loading = api.get<AiStatus>("/api/ai/status").then(
    (s) => {
      aiStatus.value = s;
    },
    () => {
      aiStatus.value = null;
    },
  );
  return loading;
}

export const aiOn = (feature: AiFeature) => !!aiStatus.value?.enabled && !!aiStatus.value.features[feature];

export const aiApi = {
  settings: () => api.get<AiSettingsResponse>("/api/ai/settings"),
  save: (body: AiSettingsBody) => api.put<{ settings: AiSettingsView }>("/api/ai/settings", body),
  knowledge: () => api.get<{ entries: KnowledgeEntry[] }>("/api/ai/knowledge"),
  addKnowledge: (body: Pick<KnowledgeEntry, "kind" | "title" | "body">) => api.post<{ entry: KnowledgeEntry }>("/api/ai/knowledge", body),
  removeKnowledge: (id: string) => api.delete<{ ok: true }>(`/api/ai/knowledge/${encodeURIComponent(id)}`),
  conversation: (id: string) => api.get<ConversationAi>(`/api/conversations/${encodeURIComponent(id)}/ai`),
  summarize: (id: string) =>
    api.post<{ summary: ConversationAi["summaries"][number] }>(`/api/conversations/${encodeURIComponent(id)}/ai/summary`),
  actions: (conversationId?: string) =>
    api.get<{ actions: AiAction[] }>(`/api/ai/actions${conversationId ? `?conversationId=${encodeURIComponent(conversationId)}` : ""}`),
  revert: (actionId: string) => api.post<{ action: AiAction }>(`/api/ai/actions/${encodeURIComponent(actionId)}/revert`),
  setLeadScore: (contactId: string, score: number | null) =>
    api.put<{ leadScore: ConversationAi["leadScore"] }>(`/api/ai/contacts/${encodeURIComponent(contactId)}/lead-score`, { score }),
};

/**
 * Streams a draft: `onText` gets each piece as it arrives. Resolves with the whole text; rejects with an
 * ApiError for a refusal (AI off, budget) or a provider failure, so the composer never waits forever.
 */
export async function streamDraft(
  conversationId: string,
  body: Partial<DraftBody>,
  onText: (text: string) => void,
  signal?: AbortSignal,
): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`/api/conversations/${encodeURIComponent(conversationId)}/ai/draft`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream", "X-CSRF-Token": await csrfToken() },
      credentials: "same-origin",
      body: JSON.stringify(body),
      ...(signal && { signal }),
    });
  } catch {
    throw new ApiError(0, "network", "Can't reach Parley. Check your connection and try again.");
  }
  if (!res.ok || !res.body) {
    const err = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    throw new ApiError(res.status, err.error?.code ?? `http_${res.status}`, err.error?.message ?? "The draft could not be made.");
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let cut = buffer.indexOf("\n\n");
    while (cut !== -1) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      cut = buffer.indexOf("\n\n");
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = JSON.parse(
        block
          .split("\n")
          .filter((l) => l.startsWith("data: "))
          .map((l) => l.slice(6))
          .join("\n") || "{}",
      ) as { text?: string; code?: string; message?: string; status?: number };
      if (event === "delta" && data.text) onText(data.text);
      else if (event === "done") return data.text ?? "";
      else if (event === "error")
        throw new ApiError(data.status ?? 503, data.code ?? "ai_unavailable", data.message ?? "The AI provider did not answer.");
    }
  }
  throw new ApiError(503, "ai_unavailable", "The draft stopped before it finished. Try again.");
}
