/** Request bodies for AI assist (zod/mini: web/ imports these too). */
import { z } from "zod/mini";
import { autoReplyModes, knowledgeKinds } from "../../db/tables/ai-enums";

const bounded = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));

export const aiSettingsBody = z.strictObject({
  enabled: z.optional(z.boolean()),
  features: z.optional(
    z.strictObject({
      summaries: z.optional(z.boolean()),
      drafts: z.optional(z.boolean()),
      intent: z.optional(z.boolean()),
      leadScore: z.optional(z.boolean()),
      autoReply: z.optional(z.boolean()),
    }),
  ),
  /** Null: the deployment's default model. */
  model: z.optional(z.nullable(bounded(1, 100).check(z.regex(/^[\w.:/-]+$/, "Model names are letters, digits and . : / - _ only.")))),
  monthlyBudgetCents: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(10_000_000))),
  autoReplyMode: z.optional(z.enum(autoReplyModes)),
  businessHours: z.optional(
    z.strictObject({
      timeZone: bounded(1, 60),
      days: z.array(z.number().check(z.int(), z.minimum(0), z.maximum(6))).check(z.maxLength(7)),
      openMinute: z.number().check(z.int(), z.minimum(0), z.maximum(1440)),
      closeMinute: z.number().check(z.int(), z.minimum(0), z.maximum(1440)),
    }),
  ),
  autoReplyMinConfidence: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
  autoReplyMaxPerConversation: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(10))),
  intents: z.optional(
    z
      .array(bounded(1, 30).check(z.regex(/^[\p{L}\p{N} _-]+$/u, "Intent names are words, digits, spaces, - and _.")))
      .check(z.minLength(1), z.maxLength(20)),
  ),
});
export type AiSettingsBody = z.infer<typeof aiSettingsBody>;

export const knowledgeBody = z.strictObject({
  kind: z.enum(knowledgeKinds),
  title: bounded(1, 120),
  body: bounded(1, 2000),
});
export const knowledgePatchBody = z.partial(knowledgeBody);

export const draftModes = ["reply", "rephrase", "shorten", "translate"] as const;
export const draftTones = ["friendly", "formal", "concise", "empathetic"] as const;
export const draftLanguages = ["en", "pt", "es"] as const;

export const draftBody = z.strictObject({
  mode: z._default(z.enum(draftModes), "reply"),
  tone: z._default(z.enum(draftTones), "friendly"),
  /** The agent's own text, for rephrase / shorten / translate. */
  text: z.optional(bounded(1, 4096)),
  /** Default: the customer's language, guessed from their last message. */
  language: z.optional(z.enum(draftLanguages)),
});
export type DraftBody = z.infer<typeof draftBody>;

export const leadScoreBody = z.strictObject({
  score: z.nullable(z.number().check(z.int(), z.minimum(0), z.maximum(100))),
});
