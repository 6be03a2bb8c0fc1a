import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One POST as it arrived: raw text kept, because signatures are checked over the exact bytes. */
export interface ReceivedPost {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: unknown;
}

export interface WebhookReceiver {
  url: string;
  posts: ReceivedPost[];
  /** The status later posts are answered with (default 200). */
  respondWith(status: number): void;
  /** Resolves once `count` posts have arrived in total; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedPost[]>;
  close(): Promise<void>;
}

/** A stand-in for Parley's webhook endpoint, for tests and benchmarks of the peers and the simulator. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const posts: ReceivedPost[] = [];
  const waiters = new Set<() => void>();
  let status = 200;

  const server = createServer((req, res) => {
    // Only webhook deliveries count; anything else (the simulator's read-back) is not Parley's webhook.
    if (req.method !== "POST") {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      posts.push({ path: req.url ?? "/", headers: req.headers, raw, body: safeParse(raw) });
      res.writeHead(status).end();
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/webhooks/whatsapp`,
    posts,
    respondWith: (next) => {
      status = next;
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
