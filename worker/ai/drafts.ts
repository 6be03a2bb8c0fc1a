/**
 * Reply drafts, streamed: a reply to the customer in their language from the knowledge base, or the
 * agent's own text rephrased, shortened or translated. Placeholders are restored as the text streams,
 * so the agent sees the customer's real details and the provider never did.
 */
import type { Conversation } from "../../db/schema";
import { roomStub } from "../../durable/room-stub";
import type { DraftBody } from "../schemas/ai";
import { AppError } from "../errors";
import { actionInsert } from "./actions";
import { groundingFor } from "./grounding";
import { replyDraftMessages, rewriteMessages } from "./prompts";
import { stream, type AiDeps, type ChatMessage, type Usage } from "./provider";
import { Redactor, StreamRestorer } from "./redact";
import type { Consent } from "./settings";
import { guessLanguage, MAX_TURNS, transcriptOf } from "./transcript";

export interface DraftInput {
  deps: AiDeps;
  rooms: Env["CONVERSATION_ROOM"];
  consent: Consent;
  conv: Pick<Conversation, "id" | "orgId" | "contactId">;
  body: DraftBody;
}

/** The prompt for a draft; `language` is the one the draft is written in. */
export async function draftPrompt({
  deps,
  rooms,
  conv,
  body,
}: Omit<DraftInput, "consent">): Promise<{ messages: ChatMessage[]; redactor: Redactor; language: string }> {
  const redactor = new Redactor();
  if (body.mode !== "reply") {
    if (!body.text) throw new AppError(400, "invalid_body", `text: write something to ${body.mode} first.`);
    const language = body.language ?? guessLanguage(body.text);
    return {
      redactor,
      language,
      messages: rewriteMessages({ mode: body.mode, tone: body.tone, language, text: redactor.redact(body.text) }),
    };
  }
  const { messages } = await roomStub(rooms, conv.orgId, conv.id).history({ limit: MAX_TURNS });
  const transcript = transcriptOf(messages, redactor);
  if (!transcript.lastCustomer) throw new AppError(409, "nothing_to_answer", "The customer has not written anything to reply to yet.");
  const language = body.language ?? guessLanguage(transcript.lastCustomer);
  const grounding = await groundingFor(deps.db, conv.orgId, conv.contactId, language);
  return {
    redactor,
    language,
    messages: replyDraftMessages({ tone: body.tone, language, grounding, transcript: transcript.lines }),
  };
}

/** A WhatsApp reply is short; this bounds both the answer and the cost checked before it is asked for. */
export const DRAFT_MAX_TOKENS = 400;

/** Streams the draft through `onText` (already restored); resolves with the whole draft and what it cost. */
export type DraftPrompt = Awaited<ReturnType<typeof draftPrompt>>;

/** The prompt is built first (by the route, before the stream opens) so a bad request is a plain JSON error. */
export async function streamDraft(
  input: DraftInput,
  { messages, redactor, language }: DraftPrompt,
  onText: (text: string) => Promise<void>,
): Promise<{ text: string; usage: Usage; firstTokenMs: number | null; language: string }> {
  const restorer = new StreamRestorer(redactor.map);
  let text = "";
  const out = await stream(input.deps, input.consent, messages, DRAFT_MAX_TOKENS, async (piece) => {
    const visible = restorer.push(piece);
    if (visible) {
      text += visible;
      await onText(visible);
    }
  });
  const rest = restorer.end();
  if (rest) {
    text += rest;
    await onText(rest);
  }
  await actionInsert(input.deps.db, {
    orgId: input.conv.orgId,
    kind: "draft",
    conversationId: input.conv.id,
    detail: { mode: input.body.mode, tone: input.body.tone, language, model: input.consent.model, chars: text.length },
  });
  return { text: text.trim(), usage: out.usage, firstTokenMs: out.firstTokenMs, language };
}
