/** Response schemas of duplicate suggestions and merges. */
import { z } from "zod";
import type { DuplicatePair } from "../../crm/merge/duplicate-pair";
import type { Assert, Same } from "./assert";
import { contactOut } from "./crm";

const duplicateContact = z.strictObject({
  id: z.string(),
  name: z.string().nullable(),
  waId: z.string().nullable(),
  email: z.string().nullable(),
  conversationCount: z.int(),
  lastInboundAt: z.int().nullable(),
  createdAt: z.int(),
});
const pair = z.strictObject({ reason: z.enum(["phone", "email", "name"]), shared: z.string(), a: duplicateContact, b: duplicateContact });
export type _PairMatches = Assert<Same<z.output<typeof pair>, DuplicatePair>>;
export const duplicatesOut = z.strictObject({ pairs: z.array(pair) });

export const contactMergedOut = z.strictObject({ contact: contactOut });
