/** Answers of the search routes (worker/routes/search.ts), checked against their runtime-free types. */
import { z } from "zod";
import type { IndexStats } from "../../../durable/search/search-results";
import type { Assert, Same } from "./assert";
import { conversationOut, status } from "./inbox";

export const searchResultOut = z.strictObject({
  messageId: z.string(),
  conversationId: z.string(),
  seq: z.int(),
  direction: z.enum(["inbound", "outbound", "internal"]),
  phoneNumberId: z.string().nullable(),
  at: z.number().describe("WhatsApp time, epoch milliseconds"),
  hasMedia: z.boolean(),
  type: z.string().describe("The message's content type (text, image, document, note, …)"),
  status: status.nullable().describe("`failed` once the message failed; delivery progress is not indexed"),
  snippet: z.array(z.strictObject({ text: z.string(), hit: z.boolean() })).describe("The text around the match; `hit` parts matched"),
  conversation: conversationOut,
});

export const searchOut = z.strictObject({
  results: z.array(searchResultOut),
  next: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last"),
});

const rebuildOut = z.strictObject({
  state: z.enum(["idle", "running", "done"]),
  gen: z.int(),
  conversationsTotal: z.int(),
  conversationsDone: z.int(),
  messagesIndexed: z.int(),
  cursor: z.string().nullable(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  error: z.string().optional(),
});

export const indexStatsOut = z.strictObject({ messages: z.int(), bytes: z.int(), rebuild: rebuildOut });
export const rebuildStartedOut = z.strictObject({ rebuild: rebuildOut });

export type _IndexStatsMatches = Assert<Same<z.output<typeof indexStatsOut>, IndexStats>>;
