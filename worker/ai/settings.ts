/**
 * Consent and settings. AI is off until an owner or admin switches it on, and each feature has its own
 * switch; `requireConsent` is the only way to get the `Consent` every call to the model needs, so no
 * code path can reach the provider for an org that has not opted in.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { aiFeatures, aiSettings, type AiFeature, type AiSettings } from "../../db/tables/ai";
import { AppError } from "../errors";

export const DEFAULT_INTENTS = ["order", "pricing", "support", "complaint", "delivery", "spam"];

export function defaultSettings(orgId: string): AiSettings {
  return {
    orgId,
    enabled: false,
    features: Object.fromEntries(aiFeatures.map((f) => [f, true])) as AiSettings["features"],
    model: null,
    monthlyBudgetCents: 1000,
    autoReplyMode: "outside_hours",
    businessHours: { timeZone: "Europe/Lisbon", days: [1, 2, 3, 4, 5], openMinute: 9 * 60, closeMinute: 18 * 60 },
    autoReplyMinConfidence: 0.7,
    autoReplyMaxPerConversation: 2,
    intents: DEFAULT_INTENTS,
    updatedAt: 0,
    updatedBy: null,
  };
}

export async function loadSettings(db: Db, orgId: string): Promise<AiSettings> {
  const row = await db.select().from(aiSettings).where(eq(aiSettings.orgId, orgId)).get();
  return row ?? defaultSettings(orgId);
}

/** Proof that the org switched AI and this feature on; minted only here. */
export interface Consent {
  readonly orgId: string;
  readonly feature: AiFeature;
  readonly settings: AiSettings;
  /** The model this org's requests use. */
  readonly model: string;
}

const FEATURE_NAMES: Record<AiFeature, string> = {
  summaries: "Summaries",
  drafts: "Reply drafts",
  intent: "Intent detection",
  leadScore: "Lead scoring",
  autoReply: "Auto-replies",
};

/** Null when AI or the feature is off: background jobs skip quietly. */
export function consentFor(settings: AiSettings, feature: AiFeature, env: Pick<Env, "AI_MODEL">): Consent | null {
  if (!settings.enabled || !settings.features[feature]) return null;
  return { orgId: settings.orgId, feature, settings, model: settings.model ?? env.AI_MODEL };
}

/** For routes an agent calls: a clear 403 when the org has not switched the feature on. */
export async function requireConsent(db: Db, env: Pick<Env, "AI_MODEL">, orgId: string, feature: AiFeature): Promise<Consent> {
  const settings = await loadSettings(db, orgId);
  if (!settings.enabled)
    throw new AppError(403, "ai_off", "AI assist is off for your organization. An admin can switch it on in Settings → AI.");
  const consent = consentFor(settings, feature, env);
  if (!consent) throw new AppError(403, "ai_feature_off", `${FEATURE_NAMES[feature]} are switched off in Settings → AI.`);
  return consent;
}
