/** Response schemas of the webhook receivers and the API's own meta routes. */
import { z } from "zod";
import type { IngestSummary } from "../../ingest/ingest-summary";
import type { Assert, Same } from "./assert";

const ingestSummary = z.strictObject({
  stored: z.int().describe("Messages stored (new)"),
  duplicates: z.int().describe("Messages already stored: replays change nothing"),
  statusesApplied: z.int(),
  statusesHeld: z.int().describe("Statuses that arrived before their message; applied when it lands"),
  unknownNumbers: z.array(z.string()).describe("Business numbers nobody owns: acknowledged and dropped"),
  conversations: z.int(),
});
export type _IngestMatches = Assert<Same<z.output<typeof ingestSummary>, IngestSummary>>;

export const webhookAckOut = ingestSummary.extend({ received: z.literal(true) }).strict();
export const stripeAckOut = z.strictObject({
  received: z.literal(true),
  outcome: z.enum(["applied", "duplicate", "stale", "ignored"]),
});
export const healthOut = z.strictObject({ ok: z.literal(true), organizations: z.int() });
