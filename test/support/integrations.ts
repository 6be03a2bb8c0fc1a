/** Integrations test helpers: API keys made through the real API, and requests a program would send. */
import { env, SELF } from "cloudflare:test";
import type { Member } from "./accounts";
import { expectJson } from "./api-errors";

export interface CreatedKey {
  key: { id: string; prefix: string; scopes: string[]; lastUsedAt: number | null; revokedAt: number | null };
  secret: string;
}

export async function createKey(owner: Member, scopes: string[], extra: Record<string, unknown> = {}): Promise<CreatedKey> {
  return expectJson<CreatedKey>(await owner.browser.post("/api/integrations/keys", { name: "Shop sync", scopes, ...extra }), 201);
}

/** A program's request: the key and JSON, no cookies, no CSRF header. */
export function withKey(secret: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return SELF.fetch(`https://parley.test${path}`, {
    method,
    headers: {
      authorization: `Bearer ${secret}`,
      ...(body !== undefined && { "content-type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** What the receiver peer got at `path` (test/peers/webhook-receiver.ts, started by the global setup). */
export interface Received {
  path: string;
  headers: Record<string, string>;
  raw: string;
  body: { id: string; type: string; createdAt: string; orgId: string; data: Record<string, unknown> };
}

export async function receivedAt(path: string): Promise<Received[]> {
  const res = await fetch(`${env.WEBHOOK_RECEIVER_URL}/__control/posts?path=${encodeURIComponent(path)}`);
  return ((await res.json()) as { posts: Received[] }).posts;
}

export async function receiverAnswers(path: string, status: number): Promise<void> {
  await fetch(`${env.WEBHOOK_RECEIVER_URL}/__control/respond`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ path, status }),
  });
}

/** A fresh path on the receiver, so this test sees only its own posts. */
export const receiverPath = () => `/hooks/${crypto.randomUUID()}`;

export interface CreatedEndpoint {
  endpoint: { id: string; url: string; events: string[]; enabled: boolean; failureStreak: number; disabledReason: string | null };
  secret: string;
}

export async function createEndpoint(owner: Member, path: string, events: string[]): Promise<CreatedEndpoint> {
  return expectJson<CreatedEndpoint>(
    await owner.browser.post("/api/integrations/webhooks", { url: `${env.WEBHOOK_RECEIVER_URL}${path}`, events }),
    201,
  );
}
