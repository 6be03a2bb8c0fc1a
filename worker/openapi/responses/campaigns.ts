/** Response schemas of campaigns (broadcasts). */
import { createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { campaignRecipients, campaigns } from "../../../db/tables/campaigns";
import type { CampaignProgress } from "../../../durable/campaign-protocol";
import { audience, paramSource } from "../../schemas/campaigns";
import type { Assert, Same } from "./assert";
import { ms } from "./common";

const exclusions = z.strictObject({
  notOptedIn: z.int(),
  optedOut: z.int(),
  noNumber: z.int(),
  duplicates: z.int(),
  unreachable: z.int(),
  missingValues: z.int(),
});

const campaignOut = createSelectSchema(campaigns, {
  params: z.array(paramSource),
  audience,
  excluded: z.record(z.string(), z.int()).nullable(),
}).strict();

const progressOut = z.strictObject({
  campaignId: z.string(),
  phase: z.enum(["idle", "scheduled", "starting", "running", "paused", "cancelled", "done"]),
  total: z.int(),
  pending: z.int(),
  inFlight: z.int(),
  sent: z.int(),
  failed: z.int(),
  skipped: z.int(),
  unconfirmed: z.int(),
  stopReason: z.string().nullable(),
  startedAt: ms.nullable(),
  finishedAt: ms.nullable(),
});
export type _ProgressMatches = Assert<Same<z.output<typeof progressOut>, CampaignProgress>>;

export const campaignsOut = z.strictObject({ campaigns: z.array(campaignOut) });
export const campaignOneOut = z.strictObject({ campaign: campaignOut });
export const campaignDetailOut = z.strictObject({
  campaign: campaignOut,
  totals: z.record(z.string(), z.int()).describe("Recipients by status; empty before the campaign starts"),
  progress: progressOut.nullable().describe("The runner's live progress; null before the campaign starts"),
});
export const campaignRetriedOut = campaignDetailOut.extend({ requeued: z.int() }).strict();
export const previewOut = z.strictObject({
  preview: z.strictObject({
    willReceive: z.int(),
    matched: z.int(),
    excluded: exclusions,
    marketing: z.boolean(),
    bodyText: z.string(),
    samples: z.array(
      z.strictObject({
        contactId: z.string(),
        name: z.string().nullable(),
        waId: z.string(),
        params: z.array(z.string()),
        text: z.string(),
      }),
    ),
  }),
});
export const recipientsOut = z.strictObject({
  recipients: z.array(createSelectSchema(campaignRecipients, { params: z.array(z.string()) }).strict()),
  next: z.int().nullable().describe("Pass as `after` for the next page; null on the last"),
});
