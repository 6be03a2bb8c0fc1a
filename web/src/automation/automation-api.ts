/** Settings → Automation's API from the browser. Bodies are typed by the server's own schemas. */
import type { z } from "zod";
import type { Action, BusinessHoursBody, Condition, RuleBody, RulePatch, Trigger } from "../../../worker/schemas/automation";
import type { ruleBody } from "../../../worker/schemas/automation";
import { api } from "../api/client";

export type { Action, Condition, Trigger };
export type RuleInput = z.input<typeof ruleBody>;

export interface Rule extends RuleBody {
  id: string;
  position: number;
  createdAt: number;
  updatedAt: number;
}

export interface Run {
  id: string;
  ruleId: string;
  ruleName: string;
  trigger: string;
  conversationId: string | null;
  contactId: string | null;
  outcome: "running" | "done" | "failed" | "skipped";
  reason: string;
  did: string[];
  error: string | null;
  depth: number;
  createdAt: number;
}

export interface BusinessHours extends BusinessHoursBody {
  updatedAt: number;
}

const id = (value: string) => encodeURIComponent(value);

export const automationApi = {
  rules: () => api.get<{ rules: Rule[] }>("/api/automation/rules"),
  create: (body: RuleInput) => api.post<{ rule: Rule }>("/api/automation/rules", body),
  update: (ruleId: string, patch: RulePatch) => api.patch<{ rule: Rule }>(`/api/automation/rules/${id(ruleId)}`, patch),
  remove: (ruleId: string) => api.delete<{ deleted: true }>(`/api/automation/rules/${id(ruleId)}`),
  reorder: (ids: string[]) => api.put<{ rules: Rule[] }>("/api/automation/rules/order", { ids }),
  runs: (ruleId?: string) => api.get<{ runs: Run[] }>(`/api/automation/runs?limit=50${ruleId ? `&ruleId=${id(ruleId)}` : ""}`),
  hours: () => api.get<{ hours: BusinessHours }>("/api/automation/business-hours"),
  saveHours: (body: BusinessHoursBody) => api.put<{ hours: BusinessHours }>("/api/automation/business-hours", body),
};
