/**
 * A local stand-in for an OpenAI-compatible endpoint: a real HTTP server answering
 * `POST /v1/chat/completions` (JSON or streamed as server-sent events, structured outputs included) with
 * deterministic answers (openai-answers.ts), recording every request, and able to fail or be slow on
 * demand. Parley reaches it through OPENAI_BASE_URL, exactly as it reaches api.openai.com.
 *
 *   const peer = await startOpenAiPeer({ apiKey });
 *   peer.fail({ status: 500, times: 2 });  peer.setLatency({ firstTokenMs: 300 });
 *
 * Tests inside workerd cannot hold this object; with `control: true` they steer it over HTTP:
 *   GET /__peer/requests[?user=<safety id>]   POST /__peer/fail {"status":500,"times":2,"user":"…"}
 *   POST /__peer/latency {"firstTokenMs":300,"chunkMs":10,"user":"…"}   POST /__peer/reset
 * Run alone with `npm run peer:openai` (env OPENAI_PEER_PORT, OPENAI_API_KEY).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { answerFor, tokensOf, type ChatRequest } from "./openai-answers.js";
import { isRecord } from "./is-record.js";

export interface OpenAiPeerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** The bearer token every request must carry; anything else gets OpenAI's 401. */
  apiKey: string;
  control?: boolean;
  log?: boolean;
}

export interface OpenAiRequestRecord {
  at: number;
  path: string;
  /** OpenAI's `safety_identifier` (Parley sends a hash of the org id), so a test can pick its own org's requests. */
  user: string | null;
  body: ChatRequest & Record<string, unknown>;
  status: number;
  /** When the first piece of the answer was written (streamed) or the whole answer (JSON): the model's time is `firstByteAt - at`. */
  firstByteAt?: number;
  /** When the answer ended; `answeredAt - at` is the time spent at the provider, latency injected included. */
  answeredAt?: number;
}

export interface Latency {
  /** Before the first byte of an answer (streamed or not). */
  firstTokenMs: number;
  /** Between streamed chunks. */
  chunkMs: number;
}

export interface OpenAiPeer {
  /** The base URL to configure, ending in `/v1`. */
  url: string;
  port: number;
  requests: OpenAiRequestRecord[];
  /**
   * The next `times` requests (default: all) answer `status` with OpenAI's error body; with `user`, only
   * requests carrying that safety identifier (one org's), so parallel test files do not trip each other.
   */
  fail(rule: FailureRule): void;
  setLatency(latency: Partial<Latency> & { user?: string }): void;
  reset(): void;
  close(): Promise<void>;
}

export interface FailureRule {
  status: number;
  times?: number;
  message?: string;
  user?: string;
}

const ANY = "*";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startOpenAiPeer(options: OpenAiPeerOptions): Promise<OpenAiPeer> {
  const log = options.log ? (line: string) => console.log(`[openai-peer] ${line}`) : () => undefined;
  const requests: OpenAiRequestRecord[] = [];
  const failures = new Map<string, { status: number; times: number; message: string }>();
  const latencies = new Map<string, Latency>();

  const peer: Omit<OpenAiPeer, "url" | "port" | "close"> = {
    requests,
    fail: (rule) => {
      failures.set(rule.user ?? ANY, {
        status: rule.status,
        times: rule.times ?? Number.POSITIVE_INFINITY,
        message: rule.message ?? "The server had an error.",
      });
    },
    setLatency: ({ user, ...next }) => {
      const key = user ?? ANY;
      latencies.set(key, { firstTokenMs: 0, chunkMs: 0, ...latencies.get(key), ...next });
    },
    reset: () => {
      requests.length = 0;
      failures.clear();
      latencies.clear();
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://peer");
    const raw = await readBody(req);
    if (options.control && url.pathname.startsWith("/__peer/")) {
      const [status, body] = control(url, req.method ?? "GET", raw);
      return json(res, status, body);
    }
    if (req.method !== "POST" || !/^(\/v1)?\/chat\/completions$/.test(url.pathname)) {
      return json(res, 404, { error: { message: `Unknown request URL: ${req.method} ${url.pathname}`, type: "invalid_request_error" } });
    }
    let body: OpenAiRequestRecord["body"];
    try {
      const parsed: unknown = JSON.parse(raw.toString("utf8"));
      if (!isRecord(parsed) || !Array.isArray(parsed.messages)) throw new Error("messages missing");
      body = parsed as OpenAiRequestRecord["body"];
    } catch {
      return json(res, 400, { error: { message: "We could not parse the JSON body of your request.", type: "invalid_request_error" } });
    }
    const record: OpenAiRequestRecord = {
      at: Date.now(),
      path: url.pathname,
      user: typeof body.safety_identifier === "string" ? body.safety_identifier : null,
      body,
      status: 200,
    };
    requests.push(record);
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
      record.status = 401;
      return json(res, 401, { error: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" } });
    }
    const failureKey = record.user !== null && failures.has(record.user) ? record.user : ANY;
    const failure = failures.get(failureKey);
    if (failure && failure.times > 0) {
      failure.times--;
      record.status = failure.status;
      if (failure.times <= 0) failures.delete(failureKey);
      const type = failure.status === 429 ? "rate_limit_exceeded" : "server_error";
      return json(res, failure.status, { error: { message: failure.message, type, code: null } });
    }
    const latency = (record.user !== null && latencies.get(record.user)) || latencies.get(ANY) || { firstTokenMs: 0, chunkMs: 0 };
    const answer = answerFor(body);
    const usage = {
      prompt_tokens: tokensOf((body.messages ?? []).map((m) => m.content).join("\n")),
      completion_tokens: tokensOf(answer),
    };
    const model = body.model ?? "local-model";
    log(`${body.stream ? "stream" : "json"} ${model} → ${answer.slice(0, 60)}`);
    await sleep(latency.firstTokenMs);
    if (!body.stream) {
      record.firstByteAt = record.answeredAt = Date.now();
      return json(res, 200, {
        id: `chatcmpl-${crypto.randomUUID()}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [{ index: 0, message: { role: "assistant", content: answer }, finish_reason: "stop" }],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      });
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const id = `chatcmpl-${crypto.randomUUID()}`;
    const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
    record.firstByteAt = Date.now();
    res.write(chunk({ role: "assistant", content: "" }, null));
    const pieces = answer.match(/\S+\s*/g) ?? [answer];
    for (const [i, piece] of pieces.entries()) {
      if (i > 0 && latency.chunkMs) await sleep(latency.chunkMs);
      res.write(chunk({ content: piece }, null));
    }
    res.write(chunk({}, "stop"));
    const streamOptions = body.stream_options;
    if (isRecord(streamOptions) && streamOptions.include_usage === true) {
      res.write(
        `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 0, model, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } })}\n\n`,
      );
    }
    record.answeredAt = Date.now();
    res.end("data: [DONE]\n\n");
  }

  function control(url: URL, method: string, raw: Buffer): [number, unknown] {
    const action = `${method} ${url.pathname.slice("/__peer".length)}`;
    const body: unknown = raw.length ? JSON.parse(raw.toString("utf8")) : {};
    switch (action) {
      case "GET /requests": {
        const user = url.searchParams.get("user");
        return [200, user === null ? requests : requests.filter((r) => r.user === user)];
      }
      case "POST /fail":
        if (!isRecord(body) || typeof body.status !== "number") return [400, { error: 'a failure needs a numeric "status"' }];
        peer.fail({
          status: body.status,
          ...(typeof body.times === "number" && { times: body.times }),
          ...(typeof body.message === "string" && { message: body.message }),
          ...(typeof body.user === "string" && { user: body.user }),
        });
        return [204, null];
      case "POST /latency":
        if (!isRecord(body)) return [400, { error: "expected {firstTokenMs, chunkMs}" }];
        peer.setLatency({
          ...(typeof body.firstTokenMs === "number" && { firstTokenMs: body.firstTokenMs }),
          ...(typeof body.chunkMs === "number" && { chunkMs: body.chunkMs }),
          ...(typeof body.user === "string" && { user: body.user }),
        });
        return [204, null];
      case "POST /reset":
        peer.reset();
        return [204, null];
      default:
        return [404, { error: `unknown control ${action}` }];
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error("[openai-peer]", err);
      if (!res.headersSent) json(res, 500, { error: { message: "peer error", type: "server_error" } });
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...peer,
    url: `http://${options.host ?? "127.0.0.1"}:${port}/v1`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (status === 204) {
    res.writeHead(204).end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const peer = await startOpenAiPeer({
    port: Number(process.env.OPENAI_PEER_PORT ?? 8791),
    apiKey: process.env.OPENAI_API_KEY ?? "local-openai-key",
    control: true,
    log: true,
  });
  console.log(`OpenAI-compatible peer at ${peer.url}`);
}
