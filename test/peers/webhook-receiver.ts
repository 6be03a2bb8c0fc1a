import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One POST as it arrived: raw text kept, because signatures are checked over the exact bytes. */
export interface ReceivedPost {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: unknown;
  at: number;
}

export interface WebhookReceiverOptions {
  port?: number;
  /**
   * Serve `/__control/…` for tests that run elsewhere (inside workerd, in a browser): `GET
   * /__control/posts?path=/x` lists what arrived at that path, `POST /__control/respond` with
   * `{ path, status }` sets how that path answers. Each test uses its own path, so tests running at
   * the same time do not see each other's posts.
   */
  control?: boolean;
  /** Print a line per post (`npm start`). */
  log?: boolean;
}

export interface WebhookReceiver {
  /** The default endpoint (Meta-style tests post here); any other path records too. */
  url: string;
  /** The server's origin, for endpoints on paths of a test's own. */
  origin: string;
  posts: ReceivedPost[];
  /** The status later posts are answered with (default 200); with `path`, only posts to that path. */
  respondWith(status: number, path?: string): void;
  /** Resolves once `count` posts have arrived in total; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedPost[]>;
  close(): Promise<void>;
}

const CONTROL = "/__control/";

/**
 * A stand-in for a webhook endpoint: Parley's own (for tests and benchmarks of the peers and the
 * simulator), and a customer's endpoint receiving Parley's outgoing webhooks (tests, `npm start`).
 */
export async function startWebhookReceiver(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const posts: ReceivedPost[] = [];
  const waiters = new Set<() => void>();
  let status = 200;
  const statusByPath = new Map<string, number>();

  const json = (res: ServerResponse, code: number, value: unknown) => {
    res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(value));
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    if (options.control && url.pathname.startsWith(CONTROL)) {
      if (req.method === "GET" && url.pathname === `${CONTROL}posts`) {
        const path = url.searchParams.get("path");
        return json(res, 200, { posts: posts.filter((p) => !path || p.path === path) });
      }
      if (req.method === "POST" && url.pathname === `${CONTROL}respond`) {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
          const body = safeParse(Buffer.concat(chunks).toString("utf8")) as { path?: string; status?: number } | undefined;
          if (!body?.path || typeof body.status !== "number") return json(res, 400, { error: "send { path, status }" });
          statusByPath.set(body.path, body.status);
          json(res, 200, { ok: true });
        });
        return;
      }
      return json(res, 404, { error: "no such control route" });
    }
    // Only webhook deliveries count; anything else (the simulator's read-back) is not a webhook.
    if (req.method !== "POST") {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const path = url.pathname;
      posts.push({ path, headers: req.headers, raw, body: safeParse(raw), at: Date.now() });
      const answer = statusByPath.get(path) ?? status;
      if (options.log) console.log(`[webhook receiver] ${path} ← ${req.headers["parley-event"] ?? "post"} (answered ${answer})`);
      res.writeHead(answer, { "content-type": "text/plain" }).end(answer < 300 ? "ok" : `receiver answers ${answer}`);
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/webhooks/whatsapp`,
    origin,
    posts,
    respondWith: (next, path) => {
      if (path) statusByPath.set(path, next);
      else status = next;
    },
    waitFor: (count, timeoutMs = 2000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (posts.length < count) return;
          cleanup();
          resolve(posts.slice(0, count));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${count} webhook posts, got ${posts.length} within ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function safeParse(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
