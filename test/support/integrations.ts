/** Integrations test helpers: API keys made through the real API, and requests a program would send. */
import { SELF } from "cloudflare:test";
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
