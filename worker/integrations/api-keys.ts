/**
 * Public API keys: created by owners and admins, shown once, stored as a SHA-256 with a visible prefix,
 * revoked for good. A key acts as the org with only its scopes, attributed to the member who made it.
 */
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "../../db/client";
import { organizations, users, type Organization, type User } from "../../db/schema";
import { type ApiKey, apiKeys } from "../../db/tables/integrations";
import { randomToken } from "../auth/random-token";
import { AppError } from "../errors";
import type { ApiScope } from "./catalog";

/** Keys look like `prk_<43 base64url chars>`; the prefix lets secret scanners and people recognise one. */
export const KEY_PREFIX = "prk_";
const SHOWN_CHARS = 12;
/** Writing last-used on every request would be one D1 write per call; once a minute is precise enough. */
const LAST_USED_EVERY_MS = 60_000;

export type ApiKeyView = Omit<ApiKey, "hash" | "orgId">;

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const view = ({ hash: _h, orgId: _o, ...rest }: ApiKey): ApiKeyView => rest;

export async function listKeys(db: Db, orgId: string): Promise<ApiKeyView[]> {
  const rows = await db.select().from(apiKeys).where(eq(apiKeys.orgId, orgId)).orderBy(desc(apiKeys.createdAt)).all();
  return rows.map(view);
}

export interface NewKey {
  name: string;
  scopes: ApiScope[];
  rateLimitPerMinute: number;
}

/** The key itself is in the answer and nowhere else: Parley keeps only its hash. */
export async function createKey(db: Db, orgId: string, createdBy: string, input: NewKey): Promise<{ key: ApiKeyView; secret: string }> {
  const secret = `${KEY_PREFIX}${randomToken()}`;
  const row: ApiKey = {
    id: crypto.randomUUID(),
    orgId,
    name: input.name,
    prefix: secret.slice(0, SHOWN_CHARS),
    hash: await sha256Hex(secret),
    scopes: [...new Set(input.scopes)],
    rateLimitPerMinute: input.rateLimitPerMinute,
    createdBy,
    createdAt: Date.now(),
    lastUsedAt: null,
    revokedAt: null,
  };
  await db.insert(apiKeys).values(row);
  return { key: view(row), secret };
}

export async function revokeKey(db: Db, orgId: string, id: string): Promise<ApiKeyView> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: Date.now() })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.orgId, orgId), isNull(apiKeys.revokedAt)))
    .returning();
  if (row) return view(row);
  const existing = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.orgId, orgId)))
    .get();
  if (!existing) throw new AppError(404, "api_key_not_found", "No such API key in your organization.");
  return view(existing);
}

export interface KeyCaller {
  key: ApiKey;
  user: User;
  org: Organization;
}

/** The key's row with its org and acting member, or why it does not authenticate. */
export async function findKey(db: Db, secret: string): Promise<KeyCaller> {
  if (!secret.startsWith(KEY_PREFIX)) throw new AppError(401, "api_key_invalid", "That is not a Parley API key.");
  const row = await db
    .select({ key: apiKeys, user: users, org: organizations })
    .from(apiKeys)
    .innerJoin(users, and(eq(users.id, apiKeys.createdBy), eq(users.orgId, apiKeys.orgId)))
    .innerJoin(organizations, eq(organizations.id, apiKeys.orgId))
    .where(eq(apiKeys.hash, await sha256Hex(secret)))
    .get();
  if (!row) throw new AppError(401, "api_key_invalid", "This API key does not exist (or its creator left the team).");
  if (row.key.revokedAt !== null) throw new AppError(401, "api_key_revoked", "This API key was revoked. Ask an admin for a new one.");
  return row;
}

/** True when it wrote (at most once a minute): then admins' screens are told. */
export async function touchKey(db: Db, id: string, now = Date.now()): Promise<boolean> {
  const res = await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, now - LAST_USED_EVERY_MS))))
    .run();
  return res.meta.changes > 0;
}
