/** The search API's query (zod/mini: web/ imports the types). */
import { z } from "zod/mini";

const id = z.string().check(z.minLength(1), z.maxLength(100));
const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-12-07."));

export const searchQuery = z.strictObject({
  /** Words to find; each matches as a prefix, accents and case ignored. Empty lists by the filters alone. */
  q: z._default(z.string().check(z.trim(), z.maxLength(200, "Search for at most 200 characters.")), ""),
  contactId: z.optional(id),
  /** The business number (Meta's phone number id) the message went through. */
  phoneNumberId: z.optional(id),
  label: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
  /** A user id, `me`, or `none` for unassigned conversations. */
  assignee: z.optional(id),
  direction: z.optional(z.enum(["inbound", "outbound", "internal"])),
  hasMedia: z.optional(z.enum(["true", "false"])),
  /** First and last day (UTC), inclusive. */
  from: z.optional(day),
  to: z.optional(day),
  /** The `next` of the previous page. */
  cursor: z.optional(z.string().check(z.regex(/^\d{1,16}$/, "cursor: pass the `next` of the previous page."))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 20),
});

export type SearchQuery = z.infer<typeof searchQuery>;
