/** Response schemas of AI assist: status, settings, usage, knowledge, actions, per-conversation AI. */
import { createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { aiActions, aiFeatures, aiKnowledge, aiSettings, aiSummaries, aiUsage } from "../../../db/tables/ai";
import type { LeadScoreView } from "../../ai/lead-score-view";
import type { Assert, Same } from "./assert";
import { ms } from "./common";

const featureSwitches = z.strictObject(
  Object.fromEntries(aiFeatures.map((f) => [f, z.boolean()])) as Record<(typeof aiFeatures)[number], z.ZodBoolean>,
);
const businessHours = z.strictObject({ timeZone: z.string(), days: z.array(z.int()), openMinute: z.int(), closeMinute: z.int() });
const settingsOut = createSelectSchema(aiSettings, {
  features: featureSwitches,
  businessHours: businessHours.nullable(),
  intents: z.array(z.string()),
})
  .omit({ orgId: true })
  .strict();

const usageOut = z.strictObject({
  month: z.string().describe("YYYY-MM, UTC"),
  costMicros: z.int().describe("Millionths of a US dollar"),
  byFeature: z.array(
    z.strictObject({
      feature: z.string(),
      requests: z.int(),
      tokensIn: z.int().nullable(),
      tokensOut: z.int().nullable(),
      costMicros: z.int().nullable(),
      failures: z.int().nullable(),
    }),
  ),
  recent: z.array(createSelectSchema(aiUsage).omit({ orgId: true, month: true }).strict()),
});

const actionOut = createSelectSchema(aiActions).omit({ orgId: true, dedupeKey: true }).strict();
const knowledgeOut = createSelectSchema(aiKnowledge).omit({ orgId: true }).strict();
const summaryOut = createSelectSchema(aiSummaries).omit({ orgId: true }).strict();
const leadScoreOut = z.strictObject({
  score: z.int(),
  source: z.string(),
  reason: z.string().nullable(),
  updatedAt: ms.nullable(),
});
export type _LeadScoreMatches = Assert<Same<z.output<typeof leadScoreOut>, LeadScoreView>>;

export const aiStatusOut = z.strictObject({ enabled: z.boolean(), features: featureSwitches });
export const aiSettingsOut = z.strictObject({
  settings: settingsOut,
  plan: z
    .strictObject({ id: z.string(), name: z.string(), aiBudgetCentsPerMonth: z.number().int().nullable() })
    .describe("The plan's AI allowance in US cents a month (null: unlimited); the lower of it and the budget applies"),
  defaultModel: z.string(),
  disclosure: z.strictObject({
    endpoint: z.string().describe("The host AI requests go to"),
    model: z.string(),
    features: z.record(z.string(), z.string()),
    always: z.array(z.string()),
    never: z.array(z.string()),
  }),
  usage: usageOut,
});
export const aiSettingsSavedOut = z.strictObject({ settings: settingsOut });
export const aiUsageOut = usageOut;
export const knowledgeListOut = z.strictObject({ entries: z.array(knowledgeOut) });
export const knowledgeOneOut = z.strictObject({ entry: knowledgeOut });
export const okOut = z.strictObject({ ok: z.literal(true) });
export const actionsOut = z.strictObject({ actions: z.array(actionOut) });
export const actionOneOut = z.strictObject({ action: actionOut });
export const leadScoreSetOut = z.strictObject({ leadScore: leadScoreOut.nullable() });
export const conversationAiOut = z.strictObject({
  summaries: z.array(summaryOut),
  intent: z.strictObject({ intent: z.string(), confidence: z.number(), model: z.string(), updatedAt: ms }).nullable(),
  leadScore: leadScoreOut.nullable(),
  actions: z.array(actionOut),
});
export const summaryMadeOut = z.strictObject({
  summary: summaryOut,
  fresh: z.boolean().describe("false: nothing new since the last summary, which is returned"),
});
