/** Response schemas of contacts, segments, custom fields, lifecycle stages and labels. */
import { createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import type { ContactView } from "../../../db/contact-view";
import { contacts } from "../../../db/schema";
import { orderStatuses } from "../../../db/tables/commerce";
import { contactEvents, customFieldDefs, labels, lifecycleStages, segments } from "../../../db/tables/crm";
import { addressBody, contactFilter, customFieldValue } from "../../schemas/contacts";
import type { Assert, Same } from "./assert";
import { ms } from "./common";

const tags = z.array(z.string());

export const contactOut = createSelectSchema(contacts, {
  tags,
  labels: tags,
  address: z.object(addressBody.shape).strict().nullable(),
  customFields: z.record(z.string(), customFieldValue).describe("By custom field key"),
})
  .omit({ orgId: true, marketingOptChangedAt: true })
  .extend({
    numbers: z.array(z.string()).describe("Every WhatsApp number it has used, the current one first"),
    marketingStatus: z.enum(["opted_in", "opted_out", "unknown"]).describe("Broadcasts send marketing only to opted_in"),
  })
  .strict();
export type _ContactMatches = Assert<Same<z.output<typeof contactOut>, ContactView>>;

export const contactListOut = z.strictObject({ contacts: z.array(contactOut), nextCursor: z.string().nullable() });
export const contactOneOut = z.strictObject({ contact: contactOut });
export const contactEditedOut = z.strictObject({ contact: contactOut, version: z.int().describe("The contact's version after this edit") });
export const timelineOut = z.strictObject({
  events: z.array(createSelectSchema(contactEvents).pick({ id: true, kind: true, detail: true, byUserId: true, at: true }).strict()),
  conversations: z.array(
    z.strictObject({
      id: z.string(),
      state: z.enum(["open", "snoozed", "closed"]),
      messageCount: z.int(),
      lastMessagePreview: z.string().nullable(),
      lastMessageAt: ms.nullable(),
      createdAt: ms,
    }),
  ),
  orders: z
    .array(
      z.strictObject({
        id: z.string().describe("The status change"),
        orderId: z.string(),
        number: z.int(),
        toStatus: z.enum(orderStatuses),
        totalMinor: z.int(),
        currency: z.string(),
        byUserId: z.string().nullable().describe("Null when Parley did it (a WhatsApp order, a paid payment link)"),
        at: ms,
      }),
    )
    .describe("The contact's orders' status changes, newest first"),
});
export const bulkOut = z.strictObject({ count: z.int().describe("Contacts the action changed") });

const segmentOut = createSelectSchema(segments).omit({ orgId: true, filter: true }).extend({ filter: contactFilter }).strict();
const counted = { count: z.int().describe("Contacts the segment matches now") };
export const segmentsOut = z.strictObject({ segments: z.array(segmentOut.extend(counted).strict()) });
export const segmentOneOut = z.strictObject({ segment: segmentOut.extend(counted).strict() });
export const segmentSavedOut = z.strictObject({ segment: segmentOut });

const fieldOut = createSelectSchema(customFieldDefs, { options: tags }).omit({ orgId: true }).strict();
export const fieldsOut = z.strictObject({ fields: z.array(fieldOut) });
export const fieldOneOut = z.strictObject({ field: fieldOut });

const stageOut = createSelectSchema(lifecycleStages).pick({ key: true, name: true, position: true, color: true }).strict();
export const stagesOut = z.strictObject({ stages: z.array(stageOut) });
export const boardOut = z.strictObject({
  stages: z.array(stageOut.extend({ count: z.int(), leadScoreSum: z.int() }).strict()),
});

const labelOut = createSelectSchema(labels).pick({ id: true, name: true, color: true }).strict();
export const labelsOut = z.strictObject({ labels: z.array(labelOut) });
export const labelOneOut = z.strictObject({ label: labelOut });
