/**
 * `npm run bench -- ai`: what Parley itself adds to an AI request, and how soon a streamed draft's first
 * words reach the agent, against the local OpenAI-compatible peer at configured model latencies.
 *
 * - Parley's overhead per request: POST /api/conversations/:id/ai/summary as the demo owner (session,
 *   consent, budget and plan checks, the room's history, redaction, the provider call, the summary, the
 *   action and usage rows written), timed at the client, minus the time the request spent at the peer
 *   (its arrival to its answer, recorded by the peer: the model's share, injected latency included).
 *   A customer message is stored before each one (not timed), so each summary has something new to send.
 * - A draft's time to first token: POST …/ai/draft until the first `delta` event reaches the client,
 *   beside the peer's configured time to first token; the difference is Parley's share (checks, the
 *   prompt with knowledge base, catalog and orders, the stream relayed through the Worker).
 */
import { apiHeaders, DEMO_OWNER, signIn, type AgentSession } from "../lib/accounts";
import { withSignIn } from "../lib/live-stack";
import { type BenchVars, startParley } from "../lib/stack";
import { type LatencySummary, round1, summarize } from "../lib/stats";
import { startOpenAiPeer, type OpenAiPeer } from "../../test/peers/openai";
import {
  DEMO_DISPLAY_PHONE_NUMBER,
  DEMO_PHONE_NUMBER_ID,
  inboundMessageBody,
  signedWebhook,
  unixSeconds,
} from "../../test/peers/webhook-builders";

/** Its own app, Meta peer and OpenAI peer, apart from the other scenarios' ports. */
const PORT = Number(process.env.BENCH_AI_PORT ?? 8795);
const PEER_PORT = Number(process.env.BENCH_AI_PEER_PORT ?? 8796);
const OPENAI_PORT = Number(process.env.BENCH_AI_OPENAI_PORT ?? 8797);
const OPENAI_KEY = "bench-openai-key";
const SAMPLES = 40;
const WARMUP = 5;
/** The model's time to first token the peer is told to take, then 10 ms between streamed pieces. */
const FIRST_TOKEN_MS = [0, 300];
const CHUNK_MS = 10;
const CUSTOMER = "447900000042";

export interface AiVariant {
  firstTokenMs: number;
  summary: { totalMs: LatencySummary; atProviderMs: LatencySummary; overheadMs: LatencySummary };
  draft: { firstTokenMs: LatencySummary; parleyShareMs: LatencySummary; totalMs: LatencySummary };
}

export interface AiBenchResult {
  samples: number;
  variants: AiVariant[];
}

interface Ctx {
  url: string;
  owner: AgentSession;
  vars: BenchVars;
  openai: OpenAiPeer;
  conversationId: string;
  log(line: string): void;
}

export async function runAi(opts: { vars: BenchVars; scale: number; log(line: string): void }): Promise<AiBenchResult> {
  const openai = await startOpenAiPeer({ port: OPENAI_PORT, apiKey: OPENAI_KEY });
  const server = await startParley(PORT, PEER_PORT, { ...withSignIn(opts.vars), OPENAI_BASE_URL: openai.url, OPENAI_API_KEY: OPENAI_KEY });
  try {
    const owner = await signIn(server.url, DEMO_OWNER.email, DEMO_OWNER.password);
    // Only what the bench asks for: no intent, score or auto-reply jobs running beside it.
    await api(server.url, owner, "PUT", "/api/ai/settings", {
      enabled: true,
      features: { summaries: true, drafts: true, intent: false, leadScore: false, autoReply: false },
      monthlyBudgetCents: 100_000,
    });
    await customerWrites(server.url, opts.vars, "Hi! How much is the blue teapot?");
    const found = (await (await fetch(`${server.url}/api/dev/customers/${DEMO_PHONE_NUMBER_ID}/${CUSTOMER}`)).json()) as {
      conversation: { id: string } | null;
    };
    if (!found.conversation) throw new Error("the bench customer's conversation was not stored");
    const ctx: Ctx = { url: server.url, owner, vars: opts.vars, openai, conversationId: found.conversation.id, log: opts.log };
    const samples = Math.max(10, Math.round(SAMPLES / opts.scale));
    const variants: AiVariant[] = [];
    for (const firstTokenMs of FIRST_TOKEN_MS) {
      openai.setLatency({ firstTokenMs, chunkMs: CHUNK_MS });
      variants.push({
        firstTokenMs,
        summary: await measureSummaries(ctx, samples),
        draft: await measureDrafts(ctx, samples, firstTokenMs),
      });
    }
    return { samples, variants };
  } finally {
    await server.stop();
    await openai.close();
  }
}

async function api(url: string, agent: AgentSession, method: string, path: string, body?: unknown): Promise<Response> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: apiHeaders(agent),
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res;
}

async function customerWrites(url: string, vars: BenchVars, body: string): Promise<void> {
  const { payload, headers } = signedWebhook(
    vars.META_APP_SECRET,
    inboundMessageBody({
      phoneNumberId: DEMO_PHONE_NUMBER_ID,
      displayPhoneNumber: DEMO_DISPLAY_PHONE_NUMBER,
      from: CUSTOMER,
      name: "Bench Customer",
      message: { type: "text", text: { body }, timestamp: unixSeconds(Date.now()) },
    }),
  );
  const res = await fetch(`${url}/webhooks/whatsapp`, { method: "POST", headers, body: payload });
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
}

/** The peer's record of the request it answered last (the bench sends one at a time). */
function lastAtPeer(ctx: Ctx): { at: number; firstByteAt: number; answeredAt: number } {
  const r = ctx.openai.requests.at(-1);
  if (!r?.firstByteAt || !r.answeredAt) throw new Error("the OpenAI peer recorded no answer");
  return { at: r.at, firstByteAt: r.firstByteAt, answeredAt: r.answeredAt };
}

async function measureSummaries(ctx: Ctx, samples: number): Promise<AiVariant["summary"]> {
  const total: number[] = [];
  const atProvider: number[] = [];
  const overhead: number[] = [];
  for (let i = -WARMUP; i < samples; i++) {
    await customerWrites(ctx.url, ctx.vars, `And the blue mug, is it ${i} cm tall?`);
    const before = ctx.openai.requests.length;
    const start = performance.now();
    const res = await api(ctx.url, ctx.owner, "POST", `/api/conversations/${ctx.conversationId}/ai/summary`);
    const answer = (await res.json()) as { fresh: boolean };
    const ms = performance.now() - start;
    if (!answer.fresh || ctx.openai.requests.length !== before + 1) throw new Error("a summary did not reach the provider");
    if (i < 0) continue;
    const peer = lastAtPeer(ctx);
    total.push(ms);
    atProvider.push(peer.answeredAt - peer.at);
    overhead.push(ms - (peer.answeredAt - peer.at));
  }
  const s = { totalMs: rounded(total), atProviderMs: rounded(atProvider), overheadMs: rounded(overhead) };
  ctx.log(
    `ai summary: total p50 ${s.totalMs.p50} ms, at the provider ${s.atProviderMs.p50} ms, Parley's overhead p50 ${s.overheadMs.p50} ms`,
  );
  return s;
}

async function measureDrafts(ctx: Ctx, samples: number, configuredMs: number): Promise<AiVariant["draft"]> {
  const first: number[] = [];
  const share: number[] = [];
  const total: number[] = [];
  for (let i = -WARMUP; i < samples; i++) {
    const start = performance.now();
    const res = await api(ctx.url, ctx.owner, "POST", `/api/conversations/${ctx.conversationId}/ai/draft`, {});
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let firstAt: number | null = null;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (firstAt === null && text.includes("event: delta")) firstAt = performance.now();
    }
    const end = performance.now();
    if (firstAt === null || !text.includes("event: done")) throw new Error(`a draft did not stream: ${text.slice(0, 300)}`);
    if (i < 0) continue;
    first.push(firstAt - start);
    share.push(firstAt - start - configuredMs);
    total.push(end - start);
  }
  const d = { firstTokenMs: rounded(first), parleyShareMs: rounded(share), totalMs: rounded(total) };
  ctx.log(
    `ai draft: first token p50 ${d.firstTokenMs.p50} ms with the model's at ${configuredMs} ms (Parley's share p50 ${d.parleyShareMs.p50} ms)`,
  );
  return d;
}

function rounded(samples: number[]): LatencySummary {
  const s = summarize(samples);
  return { p50: round1(s.p50), p95: round1(s.p95), p99: round1(s.p99), max: round1(s.max), mean: round1(s.mean) };
}
