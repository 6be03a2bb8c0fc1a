/**
 * The prompts Parley sends and the answers it accepts, as plain functions of their inputs: the Worker
 * fills them from D1 and the rooms, and `npm run eval:ai` (scripts/eval-ai.ts) fills them from its fixed
 * cases, so the evaluation measures exactly what production asks. Every system prompt opens with
 * `Task: <name>.` and facts arrive as `- <title>: <text>` lines (the local OpenAI peer reads both).
 */
import { toJSONSchema, z } from "zod";
import type { DraftBody } from "../schemas/ai";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export const LANGUAGE_NAMES = { en: "English", pt: "Portuguese (Portugal)", es: "Spanish" } as const;
export type Language = keyof typeof LANGUAGE_NAMES;

const TONES: Record<DraftBody["tone"], string> = {
  friendly: "warm and friendly, plain words",
  formal: "polite and formal",
  concise: "as short as it can be while still complete",
  empathetic: "empathetic: acknowledge how the customer feels first",
};

/** What a reply may stand on: the org's knowledge base, its catalog and this customer's orders, as prompt lines. */
export interface Grounding {
  knowledge: string[];
  catalog: string[];
  orders: string[];
}

export const CATALOG_HEADING = "Catalog (current prices and availability; where a price above differs, this one is right):";
export const ORDERS_HEADING = "This customer's orders (newest first):";

export function groundingSection(g: Grounding): string[] {
  return [
    "Knowledge:",
    ...(g.knowledge.length ? g.knowledge : ["(none yet)"]),
    ...(g.catalog.length ? ["", CATALOG_HEADING, ...g.catalog] : []),
    ...(g.orders.length ? ["", ORDERS_HEADING, ...g.orders] : []),
  ];
}

const REPLY_RULES = [
  "Use only the facts listed under Knowledge, Catalog and the customer's orders; never invent prices, stock, dates or policies.",
  "Quote prices exactly as the Catalog writes them.",
  "If these facts do not answer the question, say you will check and get back to them.",
  "Placeholders like [PHONE_1] stand for details that were removed; copy them exactly if you need them.",
  "Write only the message text: no greeting line for the agent, no quotes, no signature.",
].join("\n");

export function replyDraftMessages(i: {
  tone: DraftBody["tone"];
  language: Language;
  grounding: Grounding;
  transcript: string[];
}): ChatMessage[] {
  const system = [
    "Task: draft.",
    `Tone: ${i.tone}`,
    `Language: ${i.language}`,
    `You draft the business's next WhatsApp reply to the customer, in ${LANGUAGE_NAMES[i.language]}, ${TONES[i.tone]}.`,
    REPLY_RULES,
    "",
    ...groundingSection(i.grounding),
  ].join("\n");
  return [
    { role: "system", content: system },
    { role: "user", content: i.transcript.join("\n") },
  ];
}

/** Rephrase, shorten or translate: only the agent's own (redacted) text goes. */
export function rewriteMessages(i: {
  mode: Exclude<DraftBody["mode"], "reply">;
  tone: DraftBody["tone"];
  language: Language;
  text: string;
}) {
  const instruction =
    i.mode === "shorten"
      ? "Make this message shorter, keeping every fact and its meaning."
      : i.mode === "translate"
        ? `Translate this message into ${LANGUAGE_NAMES[i.language]}, keeping its tone.`
        : `Rephrase this message in a tone that is ${TONES[i.tone]}.`;
  return [
    {
      role: "system",
      content: `Task: ${i.mode}.\nTone: ${i.tone}\nLanguage: ${i.language}\n${instruction}\nWrite only the rewritten message.`,
    },
    { role: "user", content: i.text },
  ] satisfies ChatMessage[];
}

export const autoReplyAnswer = z.object({
  handoff: z.boolean(),
  reason: z.string().max(300),
  answer: z.string().max(1000),
  confidence: z.number().min(0).max(1),
});
export type AutoReplyAnswer = z.infer<typeof autoReplyAnswer>;
export const AUTO_REPLY_MAX_TOKENS = 300;

export function autoReplyMessages(i: { language: Language; grounding: Grounding; transcript: string[] }): ChatMessage[] {
  const system = [
    "Task: auto_reply.",
    `Language: ${i.language}`,
    "You answer a business's WhatsApp customers while the team is away, ONLY with facts from the Knowledge, Catalog and orders below.",
    "If they do not clearly answer, or the customer wants a person, complains or asks for a refund, set handoff to true.",
    "confidence: how sure you are that the answer is complete and correct from these facts alone (0 to 1).",
    `Write the answer in the customer's language (${i.language}), short, friendly, no invented prices or promises; quote Catalog prices exactly.`,
    "",
    ...groundingSection(i.grounding),
  ].join("\n");
  return [
    { role: "system", content: system },
    { role: "user", content: i.transcript.join("\n") },
  ];
}

export const triageSchema = (intents: string[]) =>
  z.object({
    intent: z.enum(intents as [string, ...string[]]),
    confidence: z.number().min(0).max(1),
    leadScore: z.number().int().min(0).max(100),
    leadReason: z.string().max(300),
  });
export const TRIAGE_MAX_TOKENS = 200;

export function triageMessages(i: { intents: string[]; pastOrders: number; transcript: string[] }): ChatMessage[] {
  const system = [
    "Task: triage.",
    `Classify the customer's current intent as one of: ${i.intents.join(", ")}. Give your confidence from 0 to 1.`,
    "Score how likely this customer is to buy soon, 0 to 100, with a one-sentence reason (no personal details).",
    "Orders: how many orders the customer has placed before (a returning buyer scores higher).",
    "Placeholders like [PHONE_1] stand for removed details.",
  ].join("\n");
  return [
    { role: "system", content: system },
    { role: "user", content: `Orders: ${i.pastOrders}\n${i.transcript.join("\n")}` },
  ];
}

/** Structured outputs: the answer must match this zod schema (sent as strict JSON schema). */
export function responseFormat(name: string, schema: z.ZodType) {
  return {
    type: "json_schema" as const,
    json_schema: { name, strict: true, schema: toJSONSchema(schema, { target: "draft-7" }) as Record<string, unknown> },
  };
}
