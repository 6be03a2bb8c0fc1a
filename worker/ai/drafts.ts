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
import { knowledgeLines, listKnowledge } from "./knowledge";
import { stream, type AiDeps, type ChatMessage, type Usage } from "./provider";
import { Redactor, StreamRestorer } from "./redact";
import type { Consent } from "./settings";
import { guessLanguage, MAX_TURNS, transcriptOf } from "./transcript";

const LANGUAGE_NAMES = { en: "English", pt: "Portuguese (Portugal)", es: "Spanish" } as const;

const TONES: Record<DraftBody["tone"], string> = {
  friendly: "warm and friendly, plain words",
  formal: "polite and formal",
  concise: "as short as it can be while still complete",
  empathetic: "empathetic: acknowledge how the customer feels first",
};

const RULES = [
  "Use only the facts listed under Knowledge; never invent prices, stock, dates or policies.",
  "If the knowledge does not answer the question, say you will check and get back to them.",
  "Placeholders like [PHONE_1] stand for details that were removed; copy them exactly if you need them.",
  "Write only the message text: no greeting line for the agent, no quotes, no signature.",
].join("\n");

export interface DraftInput {
  deps: AiDeps;
  rooms: Env["CONVERSATION_ROOM"];
  consent: Consent;
  conv: Pick<Conversation, "id" | "orgId">;
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
    const instruction =
      body.mode === "shorten"
        ? "Make this message shorter, keeping every fact and its meaning."
        : body.mode === "translate"
          ? `Translate this message into ${LANGUAGE_NAMES[language]}, keeping its tone.`
          : `Rephrase this message in a tone that is ${TONES[body.tone]}.`;
    return {
      redactor,
      language,
      messages: [
        {
          role: "system",
          content: `Task: ${body.mode}.\nTone: ${body.tone}\nLanguage: ${language}\n${instruction}\nWrite only the rewritten message.`,
        },
        { role: "user", content: redactor.redact(body.text) },
      ],
    };
  }
  const [{ messages }, knowledge] = await Promise.all([
    roomStub(rooms, conv.orgId, conv.id).history({ limit: MAX_TURNS }),
    listKnowledge(deps.db, conv.orgId),
  ]);
  const transcript = transcriptOf(messages, redactor);
  if (!transcript.lastCustomer) throw new AppError(409, "nothing_to_answer", "The customer has not written anything to reply to yet.");
  const language = body.language ?? guessLanguage(transcript.lastCustomer);
  const system = [
    "Task: draft.",
    `Tone: ${body.tone}`,
    `Language: ${language}`,
    `You draft the business's next WhatsApp reply to the customer, in ${LANGUAGE_NAMES[language as keyof typeof LANGUAGE_NAMES]}, ${TONES[body.tone]}.`,
    RULES,
    "",
    "Knowledge:",
    ...(knowledgeLines(knowledge).length ? knowledgeLines(knowledge) : ["(none yet)"]),
  ].join("\n");
  return {
    redactor,
    language,
    messages: [
      { role: "system", content: system },
      { role: "user", content: transcript.lines.join("\n") },
    ],
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
