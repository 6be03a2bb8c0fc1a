/** AI assist's fixed lists, plain data so web/ can import them without drizzle. */
export const aiFeatures = ["summaries", "drafts", "intent", "leadScore", "autoReply"] as const;
export type AiFeature = (typeof aiFeatures)[number];
export type AiFeatureSwitches = Record<AiFeature, boolean>;

export const autoReplyModes = ["outside_hours", "no_agent_online", "always"] as const;
export type AutoReplyMode = (typeof autoReplyModes)[number];

/** Weekly opening hours in the org's time zone; days 0 (Sunday) … 6, minutes since midnight. */
export interface BusinessHours {
  timeZone: string;
  days: number[];
  openMinute: number;
  closeMinute: number;
}

export const knowledgeKinds = ["faq", "policy", "product"] as const;
