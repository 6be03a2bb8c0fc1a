/**
 * Runs the AI evaluation set through Parley's own pipeline against an OpenAI-compatible endpoint: the
 * same transcript and redaction, the same prompts (worker/ai/prompts.ts), the same structured-output
 * schemas, the same auto-reply guardrails (auto-reply-rules.ts) and placeholder restoring. Only storage
 * is left out: the shop's facts come from scripts/eval/ai-shop.ts instead of D1.
 *
 * Per case: triage (intent), the auto-reply decision (handoff or answer), and a streamed reply draft.
 */
import OpenAI from "openai";
import type { z } from "zod";
import { afterModel, gate } from "../../worker/ai/auto-reply-rules";
import { catalogLines, formatPrice, orderFactLines } from "../../worker/ai/commerce-lines";
import {
  AUTO_REPLY_MAX_TOKENS,
  autoReplyAnswer,
  autoReplyMessages,
  type ChatMessage,
  type Grounding,
  replyDraftMessages,
  responseFormat,
  TRIAGE_MAX_TOKENS,
  triageMessages,
  triageSchema,
} from "../../worker/ai/prompts";
import { Redactor, restore, StreamRestorer } from "../../worker/ai/redact";
import { guessLanguage, transcriptOf } from "../../worker/ai/transcript";
import type { EvalCase } from "./ai-cases";
import { EVAL_CATALOG, EVAL_INTENTS, EVAL_KNOWLEDGE, EVAL_ORDER } from "./ai-shop";

export interface EvalEndpoint {
  baseURL: string;
  apiKey: string;
  model: string;
}

export interface CaseResult {
  id: string;
  language: string;
  intent: { expected: string; got: string | null };
  handoff: { expected: boolean; got: boolean | null; reason: string };
  autoReply: string | null;
  draft: string | null;
  /** Facts (as written in the case) the draft / auto-reply left out. */
  missingInDraft: string[];
  missingInReply: string[];
  /** The auto-reply answered a case that names facts, so its facts were checked. */
  replyChecked: boolean;
  /** Amounts the draft or auto-reply named that no catalog line, knowledge entry or order has. */
  inventedPrices: string[];
  /** Original customer details found in what was sent to the endpoint. */
  leaks: string[];
  errors: string[];
}

export interface EvalFigures {
  cases: number;
  byLanguage: Record<string, number>;
  intentAccuracy: number;
  handoff: { precision: number; recall: number; truePositives: number; falsePositives: number; falseNegatives: number };
  faithfulness: {
    draftsWithAllFacts: number;
    draftsChecked: number;
    repliesWithAllFacts: number;
    repliesChecked: number;
    answersWithInventedPrices: number;
    answersChecked: number;
  };
  redactionLeaks: number;
  errors: number;
}

const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();

/** "€34.99", "34,99 €", "34,99€", "EUR 34.99", "50 €" → cents. */
export function amountsIn(text: string): number[] {
  const out: number[] = [];
  const re = /(?:€|eur)\s?(\d{1,5}(?:[.,]\d{1,2})?)|(\d{1,5}(?:[.,]\d{1,2})?)\s?(?:€|eur\b|euros?\b)/gi;
  for (const m of text.matchAll(re)) {
    const raw = (m[1] ?? m[2])!.replace(",", ".");
    out.push(Math.round(Number(raw) * 100));
  }
  return out;
}

/** Every amount the shop's facts contain: what a faithful answer may name. */
export function allowedAmounts(): Set<number> {
  const all = [...EVAL_CATALOG.map((p) => p.priceMinor), EVAL_ORDER.totalMinor, ...EVAL_KNOWLEDGE.flatMap((line) => amountsIn(line))];
  return new Set(all);
}

function factLabel(f: number | string[]): string {
  return typeof f === "number" ? formatPrice(f, "EUR", "en") : (f[0] ?? "");
}

function missingFacts(text: string, facts: EvalCase["facts"]): string[] {
  const folded = fold(text);
  const amounts = new Set(amountsIn(text));
  return facts.filter((f) => (typeof f === "number" ? !amounts.has(f) : !f.some((w) => folded.includes(fold(w))))).map(factLabel);
}

export async function runCase(c: EvalCase, endpoint: EvalEndpoint): Promise<CaseResult> {
  const sent: string[] = [];
  const client = new OpenAI({
    apiKey: endpoint.apiKey,
    baseURL: endpoint.baseURL,
    maxRetries: 2,
    timeout: 60_000,
    fetch: async (url, init) => {
      if (typeof init?.body === "string") sent.push(init.body);
      return fetch(url, init);
    },
  });
  const structured = async <T>(messages: ChatMessage[], name: string, schema: z.ZodType<T>, maxTokens: number): Promise<T> => {
    const res = await client.chat.completions.create({
      model: endpoint.model,
      messages,
      max_completion_tokens: maxTokens,
      store: false,
      response_format: responseFormat(name, schema),
    });
    return schema.parse(JSON.parse(res.choices[0]?.message.content ?? ""));
  };

  const redactor = new Redactor();
  const messages = c.turns.map((t, i) => ({
    seq: i + 1,
    direction: t.startsWith("c:") ? ("inbound" as const) : ("outbound" as const),
    content: { type: "text" as const, body: t.slice(2).trim() },
  }));
  const customerText = messages.filter((m) => m.direction === "inbound").at(-1)?.content.body ?? "";
  const transcript = transcriptOf(messages, redactor);
  const language = guessLanguage(transcript.lastCustomer ?? "");
  const grounding: Grounding = {
    knowledge: EVAL_KNOWLEDGE,
    catalog: catalogLines(EVAL_CATALOG, language),
    orders: c.orders ? orderFactLines([EVAL_ORDER], language) : [],
  };
  const result: CaseResult = {
    id: c.id,
    language: c.id.slice(0, 2),
    intent: { expected: c.intent, got: null },
    handoff: { expected: c.handoff, got: null, reason: "" },
    autoReply: null,
    draft: null,
    missingInDraft: [],
    missingInReply: [],
    replyChecked: false,
    inventedPrices: [],
    leaks: [],
    errors: [],
  };
  const attempt = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      result.errors.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  await attempt("triage", async () => {
    const t = await structured(
      triageMessages({ intents: EVAL_INTENTS, pastOrders: c.orders ? 1 : 0, transcript: transcript.lines }),
      "triage",
      triageSchema(EVAL_INTENTS),
      TRIAGE_MAX_TOKENS,
    );
    result.intent.got = t.intent;
  });

  await attempt("auto_reply", async () => {
    const before = gate({
      settings: { autoReplyMode: "always", businessHours: null, autoReplyMaxPerConversation: 2 },
      now: Date.now(),
      agentsOnline: 0,
      windowOpen: true,
      labels: [],
      autoRepliesSoFar: 0,
      customerText,
      intent: result.intent.got,
    });
    if (before.kind !== "ask") {
      result.handoff = { ...result.handoff, got: before.kind === "handoff", reason: `rule: ${before.reason}` };
      return;
    }
    const answer = await structured(
      autoReplyMessages({ language, grounding, transcript: transcript.lines }),
      "auto_reply",
      autoReplyAnswer,
      AUTO_REPLY_MAX_TOKENS,
    );
    const after = afterModel(answer, 0.7);
    if (after.kind === "handoff") {
      result.handoff = { ...result.handoff, got: true, reason: `model: ${after.reason}` };
      return;
    }
    result.handoff = { ...result.handoff, got: false, reason: "answered" };
    result.autoReply = restore(answer.answer, redactor.map);
  });

  if (c.facts.length) {
    await attempt("draft", async () => {
      const restorer = new StreamRestorer(redactor.map);
      const stream = await client.chat.completions.create({
        model: endpoint.model,
        messages: replyDraftMessages({ tone: "friendly", language, grounding, transcript: transcript.lines }),
        max_completion_tokens: 400,
        store: false,
        stream: true,
      });
      let text = "";
      for await (const chunk of stream) text += restorer.push(chunk.choices[0]?.delta.content ?? "");
      result.draft = (text + restorer.end()).trim();
    });
  }

  if (result.draft !== null) result.missingInDraft = missingFacts(result.draft, c.facts);
  if (result.autoReply !== null && c.facts.length) {
    result.replyChecked = true;
    result.missingInReply = missingFacts(result.autoReply, c.facts);
  }
  const allowed = allowedAmounts();
  for (const text of [result.draft, result.autoReply]) {
    for (const a of amountsIn(text ?? "")) if (!allowed.has(a)) result.inventedPrices.push(formatPrice(a, "EUR", "en"));
  }
  const raw = sent.join("\n");
  for (const { value } of redactor.map.values())
    if (raw.includes(value) || raw.includes(JSON.stringify(value).slice(1, -1))) result.leaks.push(value);
  return result;
}

export async function runAiEval(
  cases: EvalCase[],
  endpoint: EvalEndpoint,
  width = 4,
): Promise<{ results: CaseResult[]; figures: EvalFigures }> {
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < cases.length) {
        const i = next++;
        results[i] = await runCase(cases[i]!, endpoint);
      }
    }),
  );
  return { results, figures: figuresOf(results) };
}

const ratio = (n: number, d: number) => (d === 0 ? 1 : Math.round((n / d) * 1000) / 1000);

export function figuresOf(results: CaseResult[]): EvalFigures {
  const decided = results.filter((r) => r.handoff.got !== null);
  const tp = decided.filter((r) => r.handoff.expected && r.handoff.got).length;
  const fp = decided.filter((r) => !r.handoff.expected && r.handoff.got).length;
  const fn = decided.filter((r) => r.handoff.expected && !r.handoff.got).length;
  const drafts = results.filter((r) => r.draft !== null);
  const repliesWithFacts = results.filter((r) => r.replyChecked);
  const answers = results.filter((r) => r.draft !== null || r.autoReply !== null);
  const byLanguage: Record<string, number> = {};
  for (const r of results) byLanguage[r.language] = (byLanguage[r.language] ?? 0) + 1;
  return {
    cases: results.length,
    byLanguage,
    intentAccuracy: ratio(results.filter((r) => r.intent.got === r.intent.expected).length, results.length),
    handoff: { precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), truePositives: tp, falsePositives: fp, falseNegatives: fn },
    faithfulness: {
      draftsWithAllFacts: drafts.filter((r) => r.missingInDraft.length === 0).length,
      draftsChecked: drafts.length,
      repliesWithAllFacts: repliesWithFacts.filter((r) => r.missingInReply.length === 0).length,
      repliesChecked: repliesWithFacts.length,
      answersWithInventedPrices: answers.filter((r) => r.inventedPrices.length > 0).length,
      answersChecked: answers.length,
    },
    redactionLeaks: results.reduce((n, r) => n + r.leaks.length, 0),
    errors: results.reduce((n, r) => n + r.errors.length, 0),
  };
}
