/** How a campaign's and a recipient's status read on screen. */
import type { Campaign, CampaignRecipient } from "./campaigns-api";

const CAMPAIGN_LABELS: Record<Campaign["status"], [string, string]> = {
  draft: ["Draft", ""],
  scheduled: ["Scheduled", "badge-accent"],
  starting: ["Starting", "badge-accent"],
  sending: ["Sending", "badge-accent"],
  paused: ["Paused", "badge-warning"],
  completed: ["Completed", "badge-success"],
  cancelled: ["Cancelled", ""],
};

export function CampaignBadge({ status }: { status: Campaign["status"] }) {
  const [label, tone] = CAMPAIGN_LABELS[status];
  return <span class={`badge ${tone}`}>{label}</span>;
}

const RECIPIENT_LABELS: Record<CampaignRecipient["status"], [string, string]> = {
  pending: ["Waiting", ""],
  sending: ["Sending", "badge-accent"],
  unconfirmed: ["Unconfirmed", "badge-warning"],
  sent: ["✓ Sent", ""],
  delivered: ["✓✓ Delivered", ""],
  read: ["✓✓ Read", "badge-accent"],
  replied: ["Replied", "badge-success"],
  failed: ["Failed", "badge-danger"],
  skipped: ["Skipped", ""],
};

export function RecipientBadge({ status }: { status: CampaignRecipient["status"] }) {
  const [label, tone] = RECIPIENT_LABELS[status];
  return <span class={`badge recipient-${status} ${tone}`}>{label}</span>;
}
