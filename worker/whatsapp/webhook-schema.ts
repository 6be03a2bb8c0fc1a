/**
 * Zod schemas for Meta's webhook envelope. Structure is strict (a body that breaks it gets 400 and
 * nothing is stored); message contents are loose here and typed per message type in parse-message.ts,
 * so a type Meta adds tomorrow becomes a placeholder instead of a rejected batch.
 */
import { z } from "zod";

/** Meta sends epoch seconds as strings; a few older payloads use numbers. */
const epochSeconds = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform((v) => Number(v) * 1000);

export const webhookContactSchema = z.looseObject({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  profile: z.looseObject({ name: z.string().optional() }).optional(),
});

export const webhookMessageSchema = z.looseObject({
  id: z.string().min(1),
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  timestamp: epochSeconds,
  type: z.string().min(1),
  context: z.record(z.string(), z.unknown()).optional(),
  referral: z.record(z.string(), z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
});

export const webhookErrorSchema = z.looseObject({
  code: z.number(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
});

export const webhookStatusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  timestamp: epochSeconds,
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  errors: z.array(webhookErrorSchema).optional(),
});

export const messagesValueSchema = z.looseObject({
  messaging_product: z.string().optional(),
  metadata: z.looseObject({ phone_number_id: z.string().min(1), display_phone_number: z.string().optional() }),
  contacts: z.array(webhookContactSchema).optional(),
  messages: z.array(webhookMessageSchema).optional(),
  statuses: z.array(webhookStatusSchema).optional(),
  errors: z.array(z.unknown()).optional(),
});

export const userPreferencesValueSchema = z.looseObject({
  metadata: z.looseObject({ phone_number_id: z.string().min(1) }),
  user_preferences: z.array(
    z.looseObject({
      wa_id: z.string().optional(),
      user_id: z.string().optional(),
      category: z.string(),
      value: z.string(),
      timestamp: epochSeconds,
    }),
  ),
});

export const templateStatusValueSchema = z.looseObject({
  event: z.string(),
  message_template_name: z.string(),
  message_template_language: z.string(),
  reason: z.string().nullable().optional(),
});

export const webhookBodySchema = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id: z.string(),
      changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })),
    }),
  ),
});

export type WebhookBody = z.infer<typeof webhookBodySchema>;
export type WebhookMessage = z.infer<typeof webhookMessageSchema>;
export type WebhookStatus = z.infer<typeof webhookStatusSchema>;
export type WebhookContact = z.infer<typeof webhookContactSchema>;
