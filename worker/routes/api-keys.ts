/** Settings → Integrations: API keys and the log of requests made with them (behind routes/integrations.ts). */
import { and, desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { auditEntry } from "../audit/audit-log";
import { openDb } from "../../db/client";
import { apiRequests } from "../../db/tables/integrations";
import { createKey, listKeys, revokeKey } from "../integrations/api-keys";
import { jsonBody } from "../middleware/json-body";
import { queryParams } from "../middleware/query-params";
import { apiKeyBody, apiRequestsQuery } from "../schemas/integrations";

export const apiKeyRoutes = new Hono<AppEnv>();

const publish = (c: { env: Env }, orgId: string) => c.env.ORG_INBOX.getByName(orgId).publishIntegrations("keys");

apiKeyRoutes.get("/keys", async (c) => c.json({ keys: await listKeys(openDb(c.env.DB), c.get("auth").org.id) }));

apiKeyRoutes.post("/keys", async (c) => {
  const body = await jsonBody(c, apiKeyBody);
  const { org, user } = c.get("auth");
  const db = openDb(c.env.DB);
  const created = await createKey(db, org.id, user.id, body);
  await auditEntry(c, db, {
    orgId: org.id,
    action: "integrations.key_created",
    target: { type: "api_key", id: created.key.id },
    detail: { name: created.key.name, prefix: created.key.prefix, scopes: created.key.scopes },
  });
  c.executionCtx.waitUntil(publish(c, org.id));
  return c.json(created, 201);
});

apiKeyRoutes.delete("/keys/:id", async (c) => {
  const { org } = c.get("auth");
  const db = openDb(c.env.DB);
  const key = await revokeKey(db, org.id, c.req.param("id"));
  await auditEntry(c, db, {
    orgId: org.id,
    action: "integrations.key_revoked",
    target: { type: "api_key", id: key.id },
    detail: { name: key.name, prefix: key.prefix },
  });
  c.executionCtx.waitUntil(publish(c, org.id));
  return c.json({ key });
});

apiKeyRoutes.get("/requests", async (c) => {
  const { keyId, limit } = queryParams(c, apiRequestsQuery);
  const orgId = c.get("auth").org.id;
  const rows = await openDb(c.env.DB)
    .select({
      id: apiRequests.id,
      keyId: apiRequests.keyId,
      method: apiRequests.method,
      path: apiRequests.path,
      status: apiRequests.status,
      createdAt: apiRequests.createdAt,
    })
    .from(apiRequests)
    .where(and(eq(apiRequests.orgId, orgId), keyId ? eq(apiRequests.keyId, keyId) : undefined))
    .orderBy(desc(apiRequests.createdAt))
    .limit(limit)
    .all();
  return c.json({ requests: rows });
});
