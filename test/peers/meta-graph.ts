/**
 * A local stand-in for Meta's WhatsApp Cloud API (graph.facebook.com): a real HTTP server that answers
 * sends, media, templates and phone-number lookups as Meta does, records what it was sent, posts signed
 * status webhooks back to Parley, and can be told to fail. Parley reaches it through GRAPH_API_BASE.
 *
 *   const peer = await startMetaGraphPeer({ accessToken, appSecret, webhookUrl });
 *   peer.fail({ ...metaFailures.rateLimit, path: '/messages', times: 2 });
 *
 * Run alone with `npm run peer:meta` (env META_PEER_PORT, META_ACCESS_TOKEN, META_APP_SECRET, PARLEY_WEBHOOK_URL).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { configValue, LOCAL_DEFAULTS, readDevVars } from "./dev-vars.js";
import { isRecord } from "./is-record.js";
import { invalidTokenError, type MetaErrorSpec } from "./meta-errors.js";
import { FailureRules, type FailureRule } from "./meta-failure-rules.js";
import {
  errorReply,
  parseJson,
  routeGraphRequest,
  type PeerState,
  type PhoneNumberInfo,
  type Reply,
  type SentRecord,
} from "./meta-graph-routes.js";
import { MediaStore, type MediaInput } from "./meta-media.js";
import { CONTROL_PREFIX, handleControl } from "./meta-peer-control.js";
import { DEFAULT_STATUS_DELAYS_MS, StatusCallbacks, type CallbackRecord, type StatusDelaysMs } from "./meta-status-callbacks.js";
import { DEFAULT_TEMPLATES, type MessageTemplate } from "./meta-templates.js";
import { DEMO_DISPLAY_PHONE_NUMBER, DEMO_PHONE_NUMBER_ID } from "./webhook-builders.js";

export { metaFailures } from "./meta-errors.js";
export type { FailureRule } from "./meta-failure-rules.js";

export interface MetaGraphPeerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Bearer token every request must carry; anything else gets Meta's OAuth error 190. */
  accessToken: string;
  /** Signs status webhooks as Meta signs them with the app secret. */
  appSecret: string;
  /** Parley's `POST /webhooks/whatsapp`; without it no status webhooks are sent. */
  webhookUrl?: string;
  statusDelaysMs?: Partial<StatusDelaysMs>;
  /** Default true: sent → delivered → read each wait for the previous answer. */
  orderedStatuses?: boolean;
  /** Further attempts per status webhook after a failed delivery; default 2. */
  callbackRetries?: number;
  templates?: readonly MessageTemplate[];
  phoneNumbers?: readonly PhoneNumberInfo[];
  log?: boolean;
  /** Serve the HTTP controls under `/__peer/` (see meta-peer-control.ts), for tests running in workerd. */
  control?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** Without the `/vNN.N` prefix. */
  path: string;
  version?: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON when the request had a JSON body. */
  body: unknown;
  status: number;
  at: number;
}

export interface MetaGraphPeer {
  url: string;
  port: number;
  /** Every request answered, oldest first; cleared in place by `reset()`. */
  requests: RecordedRequest[];
  /** Every accepted message send with its wamid. */
  sends: SentRecord[];
  /** Every status-webhook POST attempt. */
  callbacks: CallbackRecord[];
  media: MediaStore;
  registerMedia(input: MediaInput): { id: string; sha256: string };
  fail(rule: FailureRule): void;
  clearFailures(): void;
  setTemplates(templates: readonly MessageTemplate[]): void;
  setWebhookUrl(url: string | undefined): void;
  /** Resolves when every scheduled status webhook has been posted. */
  callbacksIdle(): Promise<void>;
  /** Forgets requests, sends, failures, pending callbacks and uploaded media; restores the templates. */
  reset(): void;
  close(): Promise<void>;
}

export const DEMO_PHONE_NUMBER: PhoneNumberInfo = {
  id: DEMO_PHONE_NUMBER_ID,
  displayPhoneNumber: DEMO_DISPLAY_PHONE_NUMBER,
  verifiedName: "Parley Demo",
  qualityRating: "GREEN",
};

const VERSION_PREFIX = /^\/(v\d+\.\d+)(?=\/|$)/;

export async function startMetaGraphPeer(options: MetaGraphPeerOptions): Promise<MetaGraphPeer> {
  const host = options.host ?? "127.0.0.1";
  const log = options.log === true ? (line: string) => console.log(`[meta-peer] ${line}`) : () => undefined;
  const initialTemplates = [...(options.templates ?? DEFAULT_TEMPLATES)];
  const failures = new FailureRules();
  const requests: RecordedRequest[] = [];
  const callbacks = new StatusCallbacks({
    appSecret: options.appSecret,
    ...(options.webhookUrl === undefined ? {} : { webhookUrl: options.webhookUrl }),
    delaysMs: { ...DEFAULT_STATUS_DELAYS_MS, ...options.statusDelaysMs },
    ordered: options.orderedStatuses ?? true,
    retries: options.callbackRetries ?? 2,
    log,
  });
  const state: PeerState = {
    baseUrl: "",
    media: new MediaStore(),
    templates: [...initialTemplates],
    phoneNumbers: new Map((options.phoneNumbers ?? [DEMO_PHONE_NUMBER]).map((phone) => [phone.id, phone])),
    callbacks,
    sends: [],
    conversations: new Map(),
  };

  const controls = {
    requests,
    sends: state.sends,
    callbacks: callbacks.deliveries,
    media: state.media,
    registerMedia: (input) => state.media.register(input),
    fail: (rule) => failures.add(rule),
    clearFailures: () => failures.clear(),
    setTemplates: (templates) => {
      state.templates = [...templates];
    },
    setWebhookUrl: (url) => {
      callbacks.webhookUrl = url;
    },
    callbacksIdle: () => callbacks.idle(),
    reset: () => {
      callbacks.cancel();
      failures.clear();
      requests.length = 0;
      state.sends.length = 0;
      callbacks.deliveries.length = 0;
      state.conversations.clear();
      state.media.reset();
      state.templates = [...initialTemplates];
    },
  } satisfies Omit<MetaGraphPeer, "url" | "port" | "close">;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`peer error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) writeReply(res, errorReply({ status: 500, code: 1, message: "An unknown error has occurred." }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", state.baseUrl);
    const version = VERSION_PREFIX.exec(url.pathname)?.[1];
    const path = url.pathname.replace(VERSION_PREFIX, "") || "/";
    const method = req.method ?? "GET";
    if (options.control === true && url.pathname.startsWith(CONTROL_PREFIX)) {
      const control = await handleControl(controls, method, url.pathname, url.searchParams, body);
      if (control.json === undefined) res.writeHead(control.status).end();
      else writeReply(res, { status: control.status, json: control.json });
      return;
    }
    const reply = await answer(req, method, path, url.searchParams, body);
    requests.push({
      method,
      path,
      ...(version === undefined ? {} : { version }),
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: isJson(req) ? parseJson(body) : undefined,
      status: reply.status,
      at: Date.now(),
    });
    log(`${method} ${url.pathname} → ${reply.status}`);
    writeReply(res, reply);
  }

  async function answer(req: IncomingMessage, method: string, path: string, query: URLSearchParams, body: Buffer): Promise<Reply> {
    // The lookaside media URL takes the token only as a header; Graph routes also accept ?access_token=.
    const allowQueryToken = !path.startsWith("/media-download/");
    if (!hasToken(req, query, options.accessToken, allowQueryToken)) return errorReply(invalidTokenError());
    let failure = failures.take(method, path, recipientOf(req, body));
    if (failure?.delayMs) await sleep(failure.delayMs);
    // A delay-only rule (status below 400): the request then goes through as usual.
    if (failure !== undefined && failure.spec.status < 400) failure = undefined;
    if (failure !== undefined && (failure.via === "response" || !path.endsWith("/messages"))) return errorReply(failure.spec);
    return routeGraphRequest(state, { method, path, query, contentType: req.headers["content-type"] ?? "", body }, failure);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    url: state.baseUrl,
    port,
    ...controls,
    close: async () => {
      callbacks.cancel();
      await callbacks.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function hasToken(req: IncomingMessage, query: URLSearchParams, expected: string, allowQueryToken: boolean): boolean {
  const header = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
  const token = header ?? (allowQueryToken ? query.get("access_token") : null);
  return token === expected;
}

/** The `to` of a JSON send, so a failure can target one recipient. */
function recipientOf(req: IncomingMessage, body: Buffer): string | undefined {
  if (!isJson(req)) return undefined;
  const parsed = parseJson(body);
  return isRecord(parsed) && typeof parsed.to === "string" ? parsed.to : undefined;
}

function isJson(req: IncomingMessage): boolean {
  return (req.headers["content-type"] ?? "").includes("json");
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

function writeReply(res: ServerResponse, reply: Reply): void {
  if ("bytes" in reply) {
    res.writeHead(reply.status, { "content-type": reply.contentType, "content-length": reply.bytes.byteLength });
    res.end(reply.bytes);
    return;
  }
  const payload = JSON.stringify(reply.json);
  res.writeHead(reply.status, { ...reply.headers, "content-type": "application/json; charset=UTF-8" });
  res.end(payload);
}

/** `npm run peer:meta`: the peer `npm start` runs beside `wrangler dev`. */
async function runFromCommandLine(): Promise<void> {
  const devVars = readDevVars();
  const webhookUrl = configValue("PARLEY_WEBHOOK_URL", `${LOCAL_DEFAULTS.PARLEY_URL}/webhooks/whatsapp`, devVars);
  const peer = await startMetaGraphPeer({
    port: Number(configValue("META_PEER_PORT", "8788", devVars)),
    host: configValue("META_PEER_HOST", "127.0.0.1", devVars),
    accessToken: configValue("META_ACCESS_TOKEN", LOCAL_DEFAULTS.META_ACCESS_TOKEN, devVars),
    appSecret: configValue("META_APP_SECRET", LOCAL_DEFAULTS.META_APP_SECRET, devVars),
    webhookUrl,
    log: true,
    // Local dev only: lets a developer inject failures with curl while clicking through the inbox.
    control: true,
  });
  console.log(`Meta Graph API peer on ${peer.url} (status webhooks → ${webhookUrl})`);
  const stop = (): void => {
    peer.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function isDirectRun(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && import.meta.url === pathToFileURL(entry).href;
}

if (isDirectRun()) {
  runFromCommandLine().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

export type { MetaErrorSpec, PhoneNumberInfo, SentRecord, CallbackRecord, StatusDelaysMs, MessageTemplate, MediaInput };
