/**
 * Conversation summaries: on demand, and from the Queue when a conversation is closed or handed over.
 * Only what is new since the last summary is sent, beside that summary's text; stored with time and model.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { Conversation } from "../../db/schema";
import { aiSummaries, type AiSummary } from "../../db/tables/ai";
import { roomStub } from "../../durable/room-stub";
import { actionInsert } from "./actions";
import { complete, type AiDeps } from "./provider";
import { Redactor, restore } from "./redact";
import type { Consent } from "./settings";
import { MAX_TURNS, transcriptOf } from "./transcript";

export type SummaryTrigger = AiSummary["trigger"];

export function latestSummaries(db: Db, orgId: string, conversationId: string, limit = 5): Promise<AiSummary[]> {
  return db
    .select()
    .from(aiSummaries)
    .where(and(eq(aiSummaries.orgId, orgId), eq(aiSummaries.conversationId, conversationId)))
    .orderBy(desc(aiSummaries.createdAt))
    .limit(limit)
    .all();
}

const SYSTEM = [
  "Task: summary.",
  "Summarize this WhatsApp conversation between a customer and a business for the business's team, in at most four short sentences:",
  "what the customer wants, what was answered or promised, and what is still open. Write in English.",
  "Placeholders like [PHONE_1] stand for details that were removed; keep them as they are. Never invent facts.",
].join("\n");

export interface SummaryInput {
  deps: AiDeps;
  rooms: Env["CONVERSATION_ROOM"];
  consent: Consent;
  conv: Pick<Conversation, "id" | "orgId">;
  trigger: SummaryTrigger;
}

/** Null when nothing was said since the last summary (a second close with no new messages costs nothing). */
export async function summarize({ deps, rooms, consent, conv, trigger }: SummaryInput): Promise<AiSummary | null> {
  const [previous] = await latestSummaries(deps.db, conv.orgId, conv.id, 1);
  const { messages } = await roomStub(rooms, conv.orgId, conv.id).history({ limit: MAX_TURNS });
  const redactor = new Redactor();
  const transcript = transcriptOf(messages, redactor, previous?.uptoSeq ?? 0);
  if (!transcript.lines.length) return null;
  const user = [
    ...(previous ? [`Summary so far: ${redactor.redact(previous.text)}`, "", "New messages:"] : ["Messages:"]),
    ...transcript.lines,
  ].join("\n");
  const { text } = await complete(
    deps,
    consent,
    [
      { role: "system", content: SYSTEM },
      { role: "user", content: user },
    ],
    300,
  );
  const row: AiSummary = {
    id: crypto.randomUUID(),
    orgId: conv.orgId,
    conversationId: conv.id,
    // The team may read the customer's details; only the provider must not.
    text: restore(text, redactor.map),
    model: consent.model,
    trigger,
    uptoSeq: transcript.uptoSeq,
    createdAt: Date.now(),
  };
  await deps.db.batch([
    deps.db.insert(aiSummaries).values(row),
    actionInsert(deps.db, {
      orgId: conv.orgId,
      kind: "summary",
      conversationId: conv.id,
      detail: { summaryId: row.id, trigger, model: row.model },
    }),
  ]);
  return row;
}
