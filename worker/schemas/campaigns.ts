/** Request bodies of the campaign routes. */
import { z } from "zod";

const fallback = z.string().trim().max(200).optional();

export const paramSource = z.discriminatedUnion("source", [
  z.strictObject({ source: z.literal("field"), field: z.enum(["name", "firstName", "phone"]), fallback }),
  z.strictObject({ source: z.literal("tag"), prefix: z.string().trim().min(1).max(60), fallback }),
  z.strictObject({
    source: z.literal("custom"),
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "key is a custom field's key, e.g. tier."),
    fallback,
  }),
  z.strictObject({ source: z.literal("fixed"), value: z.string().trim().min(1).max(1000) }),
]);

export const audience = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("all") }),
  z.strictObject({ kind: z.literal("tags"), tags: z.array(z.string().trim().min(1).max(60)).min(1).max(50) }),
  z.strictObject({ kind: z.literal("contacts"), contactIds: z.array(z.string().min(1).max(64)).min(1).max(2000) }),
  // A CSV upload's phone column (the browser reads the file); the API body limit caps one upload.
  z.strictObject({ kind: z.literal("phones"), phones: z.array(z.string().trim().min(5).max(24)).min(1).max(4000) }),
  z.strictObject({ kind: z.literal("segment"), segmentId: z.string().min(1).max(64) }),
]);

export const campaignBody = z.strictObject({
  name: z.string().trim().min(1, "Give the campaign a name.").max(120),
  phoneNumberId: z.string().min(1).max(32),
  template: z.strictObject({ name: z.string().min(1).max(512), language: z.string().min(2).max(15) }),
  params: z.array(paramSource).max(20).default([]),
  audience,
  ratePerSecond: z.number().int().min(1).max(1000).nullable().optional(),
});
export type CampaignBody = z.infer<typeof campaignBody>;

/** The editor's live count before a campaign exists: the campaign's setup without its name. */
export const previewBody = z.strictObject({
  phoneNumberId: z.string().min(1).max(32),
  template: z.strictObject({ name: z.string().min(1).max(512), language: z.string().min(2).max(15) }),
  params: z.array(paramSource).max(20).default([]),
  audience,
});

export const campaignPatch = campaignBody.partial();

/** Send now (empty) or at a wall-clock time in a time zone (the org's, as the browser shows it). */
export const sendBody = z.strictObject({
  scheduledAt: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Use YYYY-MM-DDTHH:mm (the time in the chosen time zone).")
    .optional(),
  timeZone: z.string().min(1).max(64).optional(),
});

export const recipientsQuery = z.object({
  status: z.string().optional(),
  after: z.coerce.number().int().min(-1).default(-1),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
