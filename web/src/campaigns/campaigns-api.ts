/** /api/campaigns: drafts, the audience preview, sending and steering, recipients. */
import type { Campaign, CampaignRecipient } from "../../../db/tables/campaigns";
import type { CampaignAudience, CampaignProgress, ParamSource } from "../../../durable/campaign-protocol";
import { api } from "../api/client";

export type { Campaign, CampaignRecipient };

export interface CampaignSetup {
  phoneNumberId: string;
  template: { name: string; language: string };
  params: ParamSource[];
  audience: CampaignAudience;
}

export interface CampaignDraft extends CampaignSetup {
  name: string;
  ratePerSecond?: number | null;
}

export interface AudiencePreview {
  willReceive: number;
  matched: number;
  excluded: { notOptedIn: number; optedOut: number; noNumber: number; duplicates: number; unreachable: number; missingValues: number };
  marketing: boolean;
  bodyText: string;
  samples: { contactId: string; name: string | null; waId: string; text: string }[];
}

export interface CampaignDetail {
  campaign: Campaign;
  totals: Partial<Record<CampaignRecipient["status"], number>>;
  progress: CampaignProgress | null;
}

const base = (id: string) => `/api/campaigns/${encodeURIComponent(id)}`;

export const campaignsApi = {
  list: () => api.get<{ campaigns: Campaign[] }>("/api/campaigns"),
  segments: () => api.get<{ segments: { id: string; name: string }[] }>("/api/segments"),
  get: (id: string) => api.get<CampaignDetail>(base(id)),
  create: (body: CampaignDraft) => api.post<{ campaign: Campaign }>("/api/campaigns", body),
  remove: (id: string) => api.delete<{ deleted: true }>(base(id)),
  preview: (body: CampaignSetup) => api.post<{ preview: AudiencePreview }>("/api/campaigns/preview", body),
  savedPreview: (id: string) => api.get<{ preview: AudiencePreview }>(`${base(id)}/preview`),
  send: (id: string, when: { scheduledAt?: string; timeZone?: string } = {}) => api.post<CampaignDetail>(`${base(id)}/send`, when),
  unschedule: (id: string) => api.post<{ campaign: Campaign }>(`${base(id)}/unschedule`),
  control: (id: string, action: "pause" | "resume" | "cancel") => api.post<CampaignDetail>(`${base(id)}/${action}`),
  retryFailed: (id: string) => api.post<CampaignDetail & { requeued: number }>(`${base(id)}/retry-failed`),
  recipients: (id: string, after = -1, status?: string) =>
    api.get<{ recipients: CampaignRecipient[]; next: number | null }>(
      `${base(id)}/recipients?after=${after}&limit=100${status ? `&status=${encodeURIComponent(status)}` : ""}`,
    ),
  csvUrl: (id: string) => `${base(id)}/recipients.csv`,
};
