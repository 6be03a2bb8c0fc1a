/**
 * The one door to the model: an OpenAI-compatible endpoint (OPENAI_BASE_URL, OPENAI_API_KEY) through the
 * `openai` package. Every call needs a Consent (settings.ts), passes the budget check first, asks the
 * provider not to store the request (`store: false`), and lands in the usage log whatever the outcome.
 * The SDK retries 429/5xx/timeouts with backoff (AI_MAX_RETRIES); AI_TIMEOUT_MS bounds each attempt.
 */
import OpenAI from "openai";
import type { z } from "zod";
import type { Db } from "../../db/client";
import { aiUsage, type AiUsage } from "../../db/tables/ai";
import { AppError } from "../errors";
import { assertWithinBudget, costMicros, estimateTokens, monthOf } from "./budget";
import { safetyIdentifier } from "./safety-identifier";

export { safetyIdentifier };
import { type ChatMessage, responseFormat } from "./prompts";
import type { Consent } from "./settings";

export type { ChatMessage };

export interface AiDeps {
  db: Db;
  env: Pick<Env, "OPENAI_BASE_URL" | "OPENAI_API_KEY" | "AI_MODEL"> &
    Partial<Pick<Env, "AI_TIMEOUT_MS" | "AI_MAX_RETRIES" | "AI_PRICE_PER_MTOK">>;
}

export interface Usage {
  tokensIn: number;
  tokensOut: number;
  costMicros: number;
  latencyMs: number;
  model: string;
}

export const AI_UNAVAILABLE = () =>
  new AppError(503, "ai_unavailable", "The AI provider did not answer. Try again in a moment; nothing was changed.");

function client(env: AiDeps["env"]): OpenAI {
  return new OpenAI({
    apiKey: env.OPENAI_API_KEY || "missing",
    baseURL: env.OPENAI_BASE_URL,
    timeout: Number(env.AI_TIMEOUT_MS ?? 20_000),
    maxRetries: Number(env.AI_MAX_RETRIES ?? 2),
  });
}

async function prepare(deps: AiDeps, consent: Consent, messages: ChatMessage[], maxTokens: number) {
  const tokensIn = estimateTokens(messages.map((m) => m.content).join("\n"));
  const worst = costMicros(consent.model, tokensIn, maxTokens, deps.env.AI_PRICE_PER_MTOK);
  const started = Date.now();
  try {
    await assertWithinBudget(deps.db, consent.orgId, consent.settings.monthlyBudgetCents, worst, started);
  } catch (err) {
    const outcome = err instanceof AppError && err.code === "plan_limit" ? "plan_limit" : "budget";
    await record(deps, consent, { tokensIn: 0, tokensOut: 0, costMicros: 0, latencyMs: 0, model: consent.model }, outcome);
    throw err;
  }
  return { started, user: await safetyIdentifier(consent.orgId) };
}

async function record(deps: AiDeps, consent: Consent, usage: Usage, outcome: AiUsage["outcome"]): Promise<void> {
  const now = Date.now();
  await deps.db.insert(aiUsage).values({
    id: crypto.randomUUID(),
    orgId: consent.orgId,
    month: monthOf(now),
    feature: consent.feature,
    ...usage,
    outcome,
    createdAt: now,
  });
}

function usageOf(
  deps: AiDeps,
  consent: Consent,
  raw: { prompt_tokens: number; completion_tokens: number } | undefined,
  started: number,
): Usage {
  const tokensIn = raw?.prompt_tokens ?? 0;
  const tokensOut = raw?.completion_tokens ?? 0;
  return {
    tokensIn,
    tokensOut,
    costMicros: costMicros(consent.model, tokensIn, tokensOut, deps.env.AI_PRICE_PER_MTOK),
    latencyMs: Date.now() - started,
    model: consent.model,
  };
}

async function failed(deps: AiDeps, consent: Consent, started: number, err: unknown): Promise<never> {
  const timeout = err instanceof OpenAI.APIConnectionTimeoutError;
  console.warn("ai request failed", { feature: consent.feature, timeout, reason: err instanceof Error ? err.message : String(err) });
  await record(
    deps,
    consent,
    { tokensIn: 0, tokensOut: 0, costMicros: 0, latencyMs: Date.now() - started, model: consent.model },
    timeout ? "timeout" : "error",
  );
  throw AI_UNAVAILABLE();
}

/** A plain text answer. */
export async function complete(
  deps: AiDeps,
  consent: Consent,
  messages: ChatMessage[],
  maxTokens: number,
): Promise<{ text: string; usage: Usage }> {
  const { started, user } = await prepare(deps, consent, messages, maxTokens);
  let res: OpenAI.Chat.ChatCompletion;
  try {
    res = await client(deps.env).chat.completions.create({
      model: consent.model,
      messages,
      max_completion_tokens: maxTokens,
      store: false,
      safety_identifier: user,
    });
  } catch (err) {
    return failed(deps, consent, started, err);
  }
  const usage = usageOf(deps, consent, res.usage, started);
  await record(deps, consent, usage, "ok");
  return { text: res.choices[0]?.message.content?.trim() ?? "", usage };
}

/** A JSON answer to a zod schema (structured outputs); an answer that does not parse is a failure. */
export async function structured<T>(
  deps: AiDeps,
  consent: Consent,
  messages: ChatMessage[],
  schema: { name: string; zod: z.ZodType<T> },
  maxTokens: number,
): Promise<{ value: T; usage: Usage }> {
  const { started, user } = await prepare(deps, consent, messages, maxTokens);
  let res: OpenAI.Chat.ChatCompletion;
  try {
    res = await client(deps.env).chat.completions.create({
      model: consent.model,
      messages,
      max_completion_tokens: maxTokens,
      store: false,
      safety_identifier: user,
      response_format: responseFormat(schema.name, schema.zod),
    });
  } catch (err) {
    return failed(deps, consent, started, err);
  }
  const usage = usageOf(deps, consent, res.usage, started);
  let parsed: T;
  try {
    parsed = schema.zod.parse(JSON.parse(res.choices[0]?.message.content ?? ""));
  } catch (err) {
    await record(deps, consent, usage, "error");
    console.warn("ai answer did not match its schema", { feature: consent.feature, reason: String(err) });
    throw AI_UNAVAILABLE();
  }
  await record(deps, consent, usage, "ok");
  return { value: parsed, usage };
}

/** A streamed text answer: `onDelta` gets each piece as it arrives; resolves with the whole text. */
export async function stream(
  deps: AiDeps,
  consent: Consent,
  messages: ChatMessage[],
  maxTokens: number,
  onDelta: (text: string) => Promise<void> | void,
): Promise<{ text: string; usage: Usage; firstTokenMs: number | null }> {
  const { started, user } = await prepare(deps, consent, messages, maxTokens);
  let text = "";
  let firstTokenMs: number | null = null;
  let raw: { prompt_tokens: number; completion_tokens: number } | undefined;
  try {
    const chunks = await client(deps.env).chat.completions.create({
      model: consent.model,
      messages,
      max_completion_tokens: maxTokens,
      store: false,
      safety_identifier: user,
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const chunk of chunks) {
      if (chunk.usage) raw = chunk.usage;
      const piece = chunk.choices[0]?.delta.content;
      if (!piece) continue;
      firstTokenMs ??= Date.now() - started;
      text += piece;
      await onDelta(piece);
    }
  } catch (err) {
    return failed(deps, consent, started, err);
  }
  // A provider that reports no usage on streams is billed by our estimate, never as free.
  const usage = usageOf(
    deps,
    consent,
    raw ?? { prompt_tokens: estimateTokens(messages.map((m) => m.content).join("\n")), completion_tokens: estimateTokens(text) },
    started,
  );
  await record(deps, consent, usage, "ok");
  return { text, usage, firstTokenMs };
}
