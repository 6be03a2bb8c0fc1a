/**
 * Campaigns as the Worker, the CampaignRunner Durable Object, the queue consumer and web/ share them:
 * statuses, the audience and parameter shapes, queue jobs, send outcomes and the live progress frame.
 */

export const CAMPAIGN_STATUSES = ["draft", "scheduled", "starting", "sending", "paused", "completed", "cancelled"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * A recipient's way: pending → sending (claimed, the Graph call under way) → sent → delivered → read →
 * replied; or failed (Meta's reason), skipped (opted out at send time, cancelled) or unconfirmed (the
 * sender died between the Graph call and recording its answer: never sent again automatically, since
 * Meta may have it; a status webhook for it settles it as sent).
 */
export const RECIPIENT_STATUSES = [
  "pending",
  "sending",
  "unconfirmed",
  "sent",
  "delivered",
  "read",
  "replied",
  "failed",
  "skipped",
] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

/** Statuses only move up this ranking (a late `sent` never undoes `read`); failed and skipped are terminal. */
export const RECIPIENT_RANK: Record<RecipientStatus, number> = {
  pending: 0,
  sending: 1,
  unconfirmed: 2,
  sent: 3,
  delivered: 4,
  read: 5,
  replied: 6,
  failed: 7,
  skipped: 8,
};

/** Where one `{{n}}` of the template body gets its value for a recipient. */
export type ParamSource =
  | { source: "field"; field: "name" | "firstName" | "phone"; fallback?: string }
  | { source: "tag"; prefix: string; fallback?: string }
  /** A custom field's value (CRM's `custom_field_defs.key`); lists are joined with ", ", booleans are Yes/No. */
  | { source: "custom"; key: string; fallback?: string }
  | { source: "fixed"; value: string };

/** Who a campaign goes to. `phones` is a CSV upload's numbers, matched to the org's contacts. */
export type CampaignAudience =
  | { kind: "all" }
  | { kind: "tags"; tags: string[] }
  | { kind: "contacts"; contactIds: string[] }
  | { kind: "phones"; phones: string[] }
  /** A saved CRM segment (worker/crm/segments.ts), resolved when the campaign starts. */
  | { kind: "segment"; segmentId: string };

export interface CampaignBatchJob {
  kind: "campaign.batch";
  orgId: string;
  campaignId: string;
  /** Recipients (by their index in the send order) the runner released for this second. */
  idxs: number[];
}

/** A scheduled campaign's time came (the runner's alarm): the consumer resolves the audience and starts it. */
export interface CampaignStartJob {
  kind: "campaign.start";
  orgId: string;
  campaignId: string;
}

export type CampaignJob = CampaignBatchJob | CampaignStartJob;

/** What the runner needs to hand a claimed recipient to the consumer. */
export interface RunnerConfig {
  orgId: string;
  campaignId: string;
  name: string;
  phoneNumberId: string;
  templateName: string;
  templateLanguage: string;
  /** Marketing templates are re-checked against each contact's opt-out right before the send. */
  marketing: boolean;
  /** The template body, to show the sent message in the contact's conversation. */
  bodyText: string;
  ratePerSecond: number;
}

export interface RunnerRecipient {
  idx: number;
  contactId: string;
  waId: string;
  params: string[];
  messageId: string;
}

export type SendOutcome =
  | { idx: number; result: "sent"; wamid: string }
  | { idx: number; result: "failed" | "skipped"; code: number; title: string }
  /**
   * Meta refused for now (rate limits): the recipient goes back in line, no copy was sent. `throttled`:
   * Parley's own per-number pace held it back before any call, so it does not count as an attempt.
   */
  | { idx: number; result: "retry"; delayMs: number; throttled?: boolean }
  /** The call broke with no answer (network): Meta may have the message, so it is never sent again by itself. */
  | { idx: number; result: "unconfirmed"; title: string };

/** What the consumer saw that concerns the whole campaign, not one recipient. */
export interface BatchSignals {
  /** Meta said slow down (429, 130429, 80007): no sends from this campaign before then. */
  backoffMs?: number;
  /** Meta's quality signal (131048 spam rate limit) or a disconnected number: stop and say why. */
  stop?: string;
}

export type RunnerPhase = "idle" | "scheduled" | "starting" | "running" | "paused" | "cancelled" | "done";

export interface CampaignProgress {
  campaignId: string;
  phase: RunnerPhase;
  total: number;
  pending: number;
  /** Released to the queue or claimed, not yet answered. */
  inFlight: number;
  sent: number;
  failed: number;
  skipped: number;
  unconfirmed: number;
  stopReason: string | null;
  startedAt: number | null;
  finishedAt: number | null;
}

/** A recipient's status changed (a send, a status webhook, a reply): pushed to the campaign's screen. */
export interface RecipientUpdate {
  idx: number;
  status: RecipientStatus;
  errorTitle?: string | null;
}

/** Conversation messages a campaign sent carry this in `biz_opaque_callback_data` (before `msg:<id>`, which the room reads). */
export const campaignCallbackData = (campaignId: string, messageId: string) => `cmp:${campaignId}:msg:${messageId}`;

export function campaignFromCallback(data: string): { campaignId: string; messageId: string } | null {
  const m = /^cmp:([^:]+):msg:([^:]+)$/.exec(data);
  return m ? { campaignId: m[1]!, messageId: m[2]! } : null;
}

/** The runner of one campaign; the campaign id is unique across orgs, the org is checked on every call. */
export const runnerName = (orgId: string, campaignId: string) => `${orgId}:${campaignId}`;
