/**
 * A local stand-in for an HTTP email API in Resend's shape (`POST /emails` with a Bearer key, JSON
 * `{from, to, subject, html, text}`, answers `{id}`, honours `Idempotency-Key`). It keeps every message
 * and shows them as a mailbox in the browser, so `npm start` users can click an invite or reset link.
 *
 *   const mail = await startMailPeer({ apiKey });   // mail.url → EMAIL_API_BASE
 *   open `${mail.url}/` for the inbox
 *
 * Controls for tests (unauthenticated, not recorded):
 *   GET  /__mail/messages?to=a@b.c   the messages sent to that address, newest first
 *   POST /__mail/fail {"status":503,"times":2,"to":"a@b.c"}   the next sends (to that address) answer that status
 *   POST /__mail/reset
 *
 * Run alone with `npm run peer:mail` (env MAIL_PEER_PORT, EMAIL_API_KEY).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { isRecord } from "./is-record.js";
import { inboxPage, messagePage } from "./mail-pages.js";

export interface StoredMail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html: string | null;
  text: string | null;
  replyTo: string | null;
  idempotencyKey: string | null;
  at: number;
}

export interface MailPeerOptions {
  port?: number;
  host?: string;
  /** The Bearer key every send must carry. */
  apiKey: string;
  log?: boolean;
}

export interface MailPeer {
  url: string;
  messages: StoredMail[];
  /** Sends (to `to`, or to anyone) answered with `status` for the next `times` calls. */
  fail(status: number, times: number, to?: string): void;
  reset(): void;
  close(): Promise<void>;
}

interface FailureRule {
  status: number;
  times: number;
  to?: string;
}

export const LOCAL_EMAIL_API_KEY = "local-mail-key-not-real";

export async function startMailPeer(options: MailPeerOptions): Promise<MailPeer> {
  const host = options.host ?? "127.0.0.1";
  const messages: StoredMail[] = [];
  let failures: FailureRule[] = [];
  let counter = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { name: "internal_server_error", message: String(err) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<ServerResponse> {
    const url = new URL(req.url ?? "/", "http://peer");
    const body = await readBody(req);
    const route = `${req.method} ${url.pathname}`;
    if (route === "POST /emails") return send(req, res, body);
    if (route === "GET /__mail/messages") {
      const to = url.searchParams.get("to")?.toLowerCase();
      const found = to ? messages.filter((m) => m.to.some((t) => t.toLowerCase() === to)) : messages;
      return json(res, 200, [...found].reverse());
    }
    if (route === "POST /__mail/fail") {
      const rule = parse(body);
      if (!isRecord(rule) || typeof rule.status !== "number") return json(res, 400, { error: 'expected {"status": n, "times": n}' });
      failures.push({
        status: rule.status,
        times: typeof rule.times === "number" ? rule.times : 1,
        ...(typeof rule.to === "string" && { to: rule.to.toLowerCase() }),
      });
      return json(res, 204, null);
    }
    if (route === "POST /__mail/reset") {
      messages.length = 0;
      failures = [];
      return json(res, 204, null);
    }
    if (route === "GET /") return html(res, 200, inboxPage([...messages].reverse()));
    const page = /^\/messages\/([\w-]+)(\/html)?$/.exec(url.pathname);
    const mail = page ? messages.find((m) => m.id === page[1]) : undefined;
    if (req.method === "GET" && mail) {
      // The raw HTML part opens links in the whole tab, not inside the mailbox's frame.
      return page?.[2] ? html(res, 200, `<base target="_top">${mail.html ?? ""}`) : html(res, 200, messagePage(mail));
    }
    return json(res, 404, { name: "not_found", message: `No route ${route}` });
  }

  function send(req: IncomingMessage, res: ServerResponse, body: Buffer): ServerResponse {
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return json(res, 401, { name: "missing_api_key", message: "API key is invalid" });
    }
    const mail = parse(body);
    if (!isRecord(mail)) return json(res, 422, { name: "validation_error", message: "Body must be JSON." });
    const to = typeof mail.to === "string" ? [mail.to] : Array.isArray(mail.to) ? mail.to.filter((t) => typeof t === "string") : [];
    const failure = failures.find((f) => f.times > 0 && (f.to === undefined || to.some((t) => t.toLowerCase() === f.to)));
    if (failure) {
      failure.times--;
      return json(res, failure.status, { name: "application_error", message: "The mail peer was told to fail." });
    }
    const problem =
      typeof mail.from !== "string"
        ? "from is required"
        : to.length === 0
          ? "to is required"
          : typeof mail.subject !== "string"
            ? "subject is required"
            : typeof mail.html !== "string" && typeof mail.text !== "string"
              ? "html or text is required"
              : null;
    if (problem) return json(res, 422, { name: "validation_error", message: problem });
    const key = header(req, "idempotency-key");
    const earlier = key ? messages.find((m) => m.idempotencyKey === key) : undefined;
    if (earlier) return json(res, 200, { id: earlier.id });
    const stored: StoredMail = {
      id: `mail_${++counter}_${Date.now().toString(36)}`,
      from: mail.from as string,
      to,
      subject: mail.subject as string,
      html: typeof mail.html === "string" ? mail.html : null,
      text: typeof mail.text === "string" ? mail.text : null,
      replyTo: typeof mail.reply_to === "string" ? mail.reply_to : null,
      idempotencyKey: key,
      at: Date.now(),
    };
    messages.push(stored);
    if (options.log) console.log(`[mail] ${stored.subject} → ${to.join(", ")}  (${base}/messages/${stored.id})`);
    return json(res, 200, { id: stored.id });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const base = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    messages,
    fail: (status, times, to) => {
      failures.push({ status, times, ...(to !== undefined && { to: to.toLowerCase() }) });
    },
    reset: () => {
      messages.length = 0;
      failures = [];
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === "string" && v !== "" ? v : null;
}

function parse(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, payload: unknown): ServerResponse {
  if (status === 204) return res.writeHead(204).end();
  return res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(payload));
}

function html(res: ServerResponse, status: number, page: string): ServerResponse {
  return res.writeHead(status, { "content-type": "text/html; charset=utf-8" }).end(page);
}

/** `npm run peer:mail`. */
async function runFromCommandLine(): Promise<void> {
  const peer = await startMailPeer({
    port: Number(process.env.MAIL_PEER_PORT ?? 8789),
    apiKey: process.env.EMAIL_API_KEY ?? LOCAL_EMAIL_API_KEY,
    log: true,
  });
  console.log(`Mail peer on ${peer.url} (inbox at ${peer.url}/)`);
  const stop = () => peer.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  runFromCommandLine().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
