/**
 * `Authorization: Bearer prk_…` on the documented /api routes: the key's org, only its scopes, its own
 * rate limit. Checked where sessions are (requireSession), so every route that reads `auth` stays scoped
 * by the org the credential names and never by anything in the request.
 */
import type { Context } from "hono";
import type { AppEnv, AuthContext } from "../app-env";
import { readSessionCookie } from "../auth/cookies";
import { openDb } from "../../db/client";
import { apiRequests } from "../../db/tables/integrations";
import { AppError } from "../errors";
import { enforceRateLimits } from "../middleware/rate-limit";
import { findRouteDoc } from "../openapi/lookup";
import { findKey, touchKey } from "./api-keys";
import { scopeOfRoute } from "./catalog";

const BEARER = /^Bearer\s+(\S*)\s*$/i;

/**
 * The key in `Authorization: Bearer …`, or null. Other schemes are not Parley's: a staging site behind
 * a proxy's HTTP Basic auth has browsers send `Basic …` on every request, sessions and all.
 */
export function bearerToken(c: Context): string | null {
  const match = BEARER.exec(c.req.header("authorization") ?? "");
  return match ? match[1]! : null;
}

/**
 * Who the key is, after every check a key must pass for this route. A request carrying both a key and a
 * session cookie is refused: which of the two it acts as would otherwise be a guess.
 */
export async function authenticateKey(c: Context<AppEnv>, secret: string): Promise<AuthContext> {
  if (readSessionCookie(c)) {
    throw new AppError(400, "mixed_credentials", "Send either an API key or a session cookie, not both.");
  }
  const db = openDb(c.env.DB);
  const { key, user, org } = await findKey(db, secret);
  try {
    const doc = findRouteDoc(c.req.method, c.req.path);
    const scope = doc && scopeOfRoute(doc.method, doc.path);
    if (!scope) throw new AppError(403, "api_key_not_allowed", "API keys cannot use this route; sign in to the app for it.");
    if (!key.scopes.includes(scope)) {
      throw new AppError(403, "api_key_scope_missing", `This key lacks the ${scope} scope. An admin can create a key that has it.`);
    }
    await enforceRateLimits(c, [[`apikey:${key.id}`, { limit: key.rateLimitPerMinute, windowMs: 60_000 }]]);
  } catch (err) {
    // Refusals of a real key are logged too: they are what its owner needs to see when an integration breaks.
    if (err instanceof AppError) c.executionCtx.waitUntil(logKeyRequest(c, org.id, key.id, err.status));
    throw err;
  }
  const now = Date.now();
  c.executionCtx.waitUntil(
    touchKey(db, key.id, now)
      .then((wrote) => (wrote ? c.env.ORG_INBOX.getByName(org.id).publishIntegrations("keys") : undefined))
      .catch((err: unknown) => console.warn("api key last-used not written", String(err))),
  );
  return {
    user,
    org,
    // Keys have no session row; this stands in so code that reads one sees a live, key-named session.
    session: {
      id: `apikey:${key.id}`,
      userId: user.id,
      orgId: org.id,
      ip: c.req.header("cf-connecting-ip") ?? null,
      userAgent: c.req.header("user-agent") ?? null,
      deviceHash: null,
      createdAt: key.createdAt,
      lastSeenAt: now,
      expiresAt: Number.MAX_SAFE_INTEGER,
      revokedAt: null,
    },
    apiKey: { id: key.id, name: key.name, scopes: key.scopes },
  };
}

/** One row per keyed request, once its answer is known (the API request log admins read). */
export async function logKeyRequest(c: Context<AppEnv>, orgId: string, keyId: string, status: number): Promise<void> {
  await openDb(c.env.DB)
    .insert(apiRequests)
    .values({
      id: crypto.randomUUID(),
      orgId,
      keyId,
      method: c.req.method,
      path: c.req.path.slice(0, 300),
      status,
      createdAt: Date.now(),
    })
    .catch((err: unknown) => console.warn("api request not logged", String(err)));
}
