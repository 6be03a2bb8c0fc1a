/** Webhook endpoints: an org's URLs, the events each wants, and its signing secret (sealed, shown once). */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type WebhookEndpoint, webhookEndpoints } from "../../db/tables/integrations";
import { open, seal, sealingKeysFromEnv } from "../crypto/secret-box";
import { AppError } from "../errors";
import type { WebhookEventType } from "./catalog";
import { checkEndpointUrl } from "./endpoint-url";
import { newSigningSecret } from "./signing";

/** Enough for any real integration; a cap keeps one org from fanning each event out without bound. */
export const MAX_ENDPOINTS = 20;
const SHOWN_CHARS = 12;

export type EndpointView = Omit<WebhookEndpoint, "orgId" | "secretSealed">;
type SecretEnv = Pick<Env, "ENCRYPTION_KEY" | "WEBHOOK_ALLOW_PRIVATE_URLS">;

const view = ({ orgId: _o, secretSealed: _s, ...rest }: WebhookEndpoint): EndpointView => rest;
const aad = (id: string) => `webhook_endpoint:${id}`;

async function sealed(env: SecretEnv, id: string) {
  const secret = newSigningSecret();
  return {
    secret,
    secretSealed: await seal(sealingKeysFromEnv(env.ENCRYPTION_KEY), secret, aad(id)),
    secretPrefix: secret.slice(0, SHOWN_CHARS),
  };
}

export async function endpointSecret(env: Pick<Env, "ENCRYPTION_KEY">, endpoint: WebhookEndpoint): Promise<string> {
  return open(sealingKeysFromEnv(env.ENCRYPTION_KEY), endpoint.secretSealed, aad(endpoint.id));
}

export async function listEndpoints(db: Db, orgId: string): Promise<EndpointView[]> {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.orgId, orgId))
    .orderBy(desc(webhookEndpoints.createdAt))
    .all();
  return rows.map(view);
}

export async function getEndpoint(db: Db, orgId: string, id: string): Promise<WebhookEndpoint> {
  const row = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.orgId, orgId)))
    .get();
  if (!row) throw new AppError(404, "endpoint_not_found", "No such webhook endpoint in your organization.");
  return row;
}

export interface EndpointInput {
  url: string;
  description: string;
  events: WebhookEventType[];
}

export async function createEndpoint(env: SecretEnv, db: Db, orgId: string, input: EndpointInput) {
  const url = checkEndpointUrl(env, input.url);
  const count = (await db.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(eq(webhookEndpoints.orgId, orgId)).all()).length;
  if (count >= MAX_ENDPOINTS) {
    throw new AppError(409, "too_many_endpoints", `An organization can have up to ${MAX_ENDPOINTS} webhook endpoints; delete one first.`);
  }
  const id = `we_${crypto.randomUUID()}`;
  const now = Date.now();
  const { secret, ...secretCols } = await sealed(env, id);
  const row: WebhookEndpoint = {
    id,
    orgId,
    url,
    description: input.description,
    events: [...new Set(input.events)],
    ...secretCols,
    enabled: true,
    disabledReason: null,
    failureStreak: 0,
    createdAt: now,
    updatedAt: now,
  };
  await db.insert(webhookEndpoints).values(row);
  return { endpoint: view(row), secret };
}

export interface EndpointPatch {
  url?: string;
  description?: string;
  events?: WebhookEventType[];
  enabled?: boolean;
}

export async function updateEndpoint(env: SecretEnv, db: Db, orgId: string, id: string, patch: EndpointPatch): Promise<EndpointView> {
  await getEndpoint(db, orgId, id);
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      ...(patch.url !== undefined && { url: checkEndpointUrl(env, patch.url) }),
      ...(patch.description !== undefined && { description: patch.description }),
      ...(patch.events && { events: [...new Set(patch.events)] }),
      // Switched on by a person: the old streak and the reason it was switched off no longer apply.
      ...(patch.enabled !== undefined && { enabled: patch.enabled, disabledReason: null, failureStreak: 0 }),
      updatedAt: Date.now(),
    })
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.orgId, orgId)))
    .returning();
  return view(row!);
}

export async function rotateSecret(env: SecretEnv, db: Db, orgId: string, id: string) {
  await getEndpoint(db, orgId, id);
  const { secret, ...secretCols } = await sealed(env, id);
  const [row] = await db
    .update(webhookEndpoints)
    .set({ ...secretCols, updatedAt: Date.now() })
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.orgId, orgId)))
    .returning();
  return { endpoint: view(row!), secret };
}

export async function deleteEndpoint(db: Db, orgId: string, id: string): Promise<EndpointView> {
  const row = await getEndpoint(db, orgId, id);
  await db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.orgId, orgId)));
  return view(row);
}
