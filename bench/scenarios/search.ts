/**
 * `npm run bench -- search`: one organization with 1,000,000 messages in its search index.
 *
 * - Conversations are real: 2,000 customers write in through signed webhooks (rooms, D1, the feed).
 * - The million messages are written into the org's index directly (the dev route
 *   POST /api/dev/search/:orgId/docs, which calls the index's own `apply`, 250 at a time): storing a
 *   million messages in rooms first would take hours on this machine and measure ingest, not search.
 *   They are spread over those conversations and a year, 55% from customers, 40% from the team, 5% notes,
 *   8% with media, text of 3–30 Zipf-distributed words from a 20,000-word vocabulary (bench/lib/chat-text.ts).
 * - Query time: GET /api/search/messages as the demo owner, one at a time, as the client sees it (the
 *   Worker, the D1 lookups, the index's FTS5 query, the snippets). The headline is two words with one filter.
 * - Index lag: a customer's message with a word no other message has; from the webhook's 200 (stored in
 *   its room) until the search API finds it, polled every 5 ms.
 * - Index size: the SearchIndex's SQLite file (`databaseSize`), per million messages.
 */
import { apiGet, apiHeaders, DEMO_OWNER, signIn, type AgentSession } from "../lib/accounts";
import { rng, sentence, vocabulary, zipf } from "../lib/chat-text";
import { withSignIn } from "../lib/live-stack";
import { type BenchVars, startParley } from "../lib/stack";
import { type LatencySummary, round1, summarize } from "../lib/stats";
import type { ConversationSummary } from "../../durable/protocol";
import type { SearchDoc } from "../../durable/search/search-doc";
import {
  DEMO_DISPLAY_PHONE_NUMBER,
  DEMO_PHONE_NUMBER_ID,
  inboundMessageBody,
  signedWebhook,
  unixSeconds,
} from "../../test/peers/webhook-builders";

/** Its app and Meta peer, beside the other scenarios' 8790–8792 (BENCH_SEARCH_PORT, BENCH_SEARCH_PEER_PORT). */
const PORT = Number(process.env.BENCH_SEARCH_PORT ?? 8793);
const PEER_PORT = Number(process.env.BENCH_SEARCH_PEER_PORT ?? 8794);
const MESSAGES = 1_000_000;
const CONVERSATIONS = 2_000;
const VOCABULARY = 20_000;
/** The dev route is under /api/*'s 64 KB JSON limit: each call carries documents up to this many bytes. */
const BYTES_PER_POST = 60_000;
const POSTS_IN_FLIGHT = 4;
const QUERIES = 200;
const WARMUP = 20;
const LAG_SAMPLES = 200;
const YEAR_MS = 365 * 24 * 3600_000;

export interface SearchBenchResult {
  messages: number;
  conversations: number;
  fill: { seconds: number; messagesPerSec: number; note: string };
  index: { messages: number; bytes: number; bytesPerMillion: number; mibPerMillion: number };
  queries: { name: string; example: string; ms: LatencySummary; meanResults: number }[];
  lagMs: LatencySummary;
}

interface Ctx {
  url: string;
  owner: AgentSession;
  vars: BenchVars;
  log(line: string): void;
}

export async function runSearch(opts: { vars: BenchVars; scale: number; log(line: string): void }): Promise<SearchBenchResult> {
  const server = await startParley(PORT, PEER_PORT, withSignIn(opts.vars));
  try {
    const owner = await signIn(server.url, DEMO_OWNER.email, DEMO_OWNER.password);
    const ctx: Ctx = { url: server.url, owner, vars: opts.vars, log: opts.log };
    const conversationCount = Math.max(10, Math.round(CONVERSATIONS / opts.scale));
    const messages = Math.round(MESSAGES / opts.scale);
    const { orgId, conversations } = await customersWriteIn(ctx, conversationCount);
    const random = rng(20261207);
    const words = vocabulary(VOCABULARY, random);
    const pick = zipf(words.length, 1.07, random);
    const fill = await fillIndex(ctx, orgId, conversations, messages, words, pick, random);
    const index = await apiGet<{ messages: number; bytes: number }>(ctx.url, owner, "/api/search/index");
    const queries = await measureQueries(ctx, conversations, words, random);
    const lagMs = await measureLag(ctx);
    const bytesPerMillion = Math.round((index.bytes / index.messages) * 1_000_000);
    return {
      messages: index.messages,
      conversations: conversations.length,
      fill,
      index: { ...index, bytesPerMillion, mibPerMillion: round1(bytesPerMillion / 2 ** 20) },
      queries,
      lagMs,
    };
  } finally {
    await server.stop();
  }
}

async function postWebhook(ctx: Ctx, from: string, name: string, body: string, atMs = Date.now()): Promise<void> {
  const { payload, headers } = signedWebhook(
    ctx.vars.META_APP_SECRET,
    inboundMessageBody({
      phoneNumberId: DEMO_PHONE_NUMBER_ID,
      displayPhoneNumber: DEMO_DISPLAY_PHONE_NUMBER,
      from,
      name,
      message: { type: "text", text: { body }, timestamp: unixSeconds(atMs) },
    }),
  );
  const res = await fetch(`${ctx.url}/webhooks/whatsapp`, { method: "POST", headers, body: payload });
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
}

async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

async function customersWriteIn(ctx: Ctx, count: number): Promise<{ orgId: string; conversations: ConversationSummary[] }> {
  ctx.log(`search: ${count} customers write in`);
  const customers = Array.from({ length: count }, (_, i) => `4479${String(i).padStart(7, "0")}`);
  await inParallel(customers, 8, (waId) => postWebhook(ctx, waId, `Customer ${waId.slice(-4)}`, "Olá, bom dia"));
  const { orgId } = await (await fetch(`${ctx.url}/api/dev/customers/${DEMO_PHONE_NUMBER_ID}/${customers[0]}`)).json();
  const conversations: ConversationSummary[] = [];
  for (let cursor: string | null = ""; cursor !== null; ) {
    const page: { conversations: ConversationSummary[]; nextCursor: string | null } = await apiGet(
      ctx.url,
      ctx.owner,
      `/api/conversations?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    conversations.push(...page.conversations);
    cursor = page.nextCursor;
  }
  return { orgId, conversations };
}

async function fillIndex(
  ctx: Ctx,
  orgId: string,
  conversations: ConversationSummary[],
  total: number,
  words: string[],
  pick: () => number,
  random: () => number,
): Promise<SearchBenchResult["fill"]> {
  ctx.log(`search: writing ${total} messages into the index`);
  const start = performance.now();
  const end = Date.now() - 24 * 3600_000;
  let made = 0;
  let sent = 0;
  let calls = 0;
  const makeBatch = (): SearchDoc[] => {
    const docs: SearchDoc[] = [];
    for (let bytes = 20; bytes < BYTES_PER_POST - 1000 && made < total; made++) {
      const conv = conversations[Math.floor(random() * conversations.length)]!;
      const roll = random();
      const direction = roll < 0.55 ? "inbound" : roll < 0.95 ? "outbound" : "internal";
      const media = direction !== "internal" && random() < 0.08;
      docs.push({
        messageId: `bench-${made}`,
        conversationId: conv.id,
        seq: made + 2,
        direction,
        phoneNumberId: DEMO_PHONE_NUMBER_ID,
        at: end - Math.floor(random() * YEAR_MS),
        hasMedia: media,
        type: media ? "image" : direction === "internal" ? "note" : "text",
        status: direction === "outbound" ? "read" : null,
        text: sentence(words, pick, random),
      });
      bytes += Buffer.byteLength(JSON.stringify(docs[docs.length - 1])) + 1;
    }
    return docs;
  };
  await Promise.all(
    Array.from({ length: POSTS_IN_FLIGHT }, async () => {
      for (let docs = makeBatch(); docs.length; docs = makeBatch()) await postDocs(docs);
    }),
  );
  async function postDocs(docs: SearchDoc[]): Promise<void> {
    calls++;
    const res = await fetch(`${ctx.url}/api/dev/search/${orgId}/docs`, {
      method: "POST",
      // A POST under /api/* carries the CSRF pair like any other; the owner's session has one.
      headers: apiHeaders(ctx.owner),
      body: JSON.stringify({ docs }),
    });
    if (!res.ok) throw new Error(`index fill answered ${res.status}: ${await res.text()}`);
    const before = sent;
    sent += docs.length;
    if (Math.floor(sent / 100_000) > Math.floor(before / 100_000))
      ctx.log(`search: ${sent} messages indexed (${Math.round((performance.now() - start) / 1000)} s)`);
  }
  const seconds = round1((performance.now() - start) / 1000);
  return {
    seconds,
    messagesPerSec: Math.round(total / seconds),
    note: `~${Math.round(total / calls)} messages per call, ${POSTS_IN_FLIGHT} calls in flight, through the index's own apply()`,
  };
}

async function measureQueries(
  ctx: Ctx,
  conversations: ConversationSummary[],
  words: string[],
  random: () => number,
): Promise<SearchBenchResult["queries"]> {
  // What agents search for: neither the stop words every message has nor words seen once.
  const searched = () => words[50 + Math.floor(random() ** 2 * 3000)]!;
  const shapes: { name: string; params: () => Record<string, string> }[] = [
    { name: "two words + direction filter", params: () => ({ q: `${searched()} ${searched()}`, direction: "inbound" }) },
    {
      name: "two words + contact filter",
      params: () => ({
        q: `${searched()} ${searched()}`,
        contactId: conversations[Math.floor(random() * conversations.length)]!.contact.id,
      }),
    },
    { name: "two words, 3-letter prefix", params: () => ({ q: `${searched()} ${searched().slice(0, 3)}` }) },
    { name: "one common word", params: () => ({ q: words[5 + Math.floor(random() * 40)]! }) },
  ];
  const out: SearchBenchResult["queries"] = [];
  for (const shape of shapes) {
    ctx.log(`search: ${QUERIES} queries, ${shape.name}`);
    const samples: number[] = [];
    let found = 0;
    let example = "";
    for (let i = 0; i < WARMUP + QUERIES; i++) {
      const params = shape.params();
      const t = performance.now();
      const page = await apiGet<{ results: unknown[] }>(ctx.url, ctx.owner, `/api/search/messages?${new URLSearchParams(params)}`);
      if (i < WARMUP) continue;
      samples.push(performance.now() - t);
      found += page.results.length;
      example ||= new URLSearchParams(params).toString();
    }
    const s = summarize(samples);
    out.push({
      name: shape.name,
      example,
      ms: { p50: round1(s.p50), p95: round1(s.p95), p99: round1(s.p99), max: round1(s.max), mean: round1(s.mean) },
      meanResults: round1(found / QUERIES),
    });
  }
  return out;
}

async function measureLag(ctx: Ctx): Promise<LatencySummary> {
  ctx.log(`search: index lag over ${LAG_SAMPLES} messages`);
  const samples: number[] = [];
  for (let i = 0; i < LAG_SAMPLES; i++) {
    const token = `lagprobe${i}z${Date.now().toString(36)}`;
    await postWebhook(ctx, "447900000001", "Lag Probe", `Pergunta ${token} sobre a encomenda`);
    const stored = performance.now();
    for (;;) {
      const page = await apiGet<{ results: unknown[] }>(ctx.url, ctx.owner, `/api/search/messages?q=${token}`);
      if (page.results.length) break;
      if (performance.now() - stored > 30_000) throw new Error(`message ${token} not searchable after 30 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    samples.push(performance.now() - stored);
  }
  const s = summarize(samples);
  return { p50: round1(s.p50), p95: round1(s.p95), p99: round1(s.p99), max: round1(s.max), mean: round1(s.mean) };
}
