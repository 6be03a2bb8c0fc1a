/** Outgoing webhook endpoints, their delivery log, test pings and resends (behind routes/integrations.ts). */
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { auditEntry } from "../audit/audit-log";
import type { AuditAction } from "../audit/audit-actions";
import { openDb } from "../../db/client";
import { listDeliveries, pingEndpoint, resendDelivery } from "../integrations/deliveries";
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, rotateSecret, updateEndpoint } from "../integrations/endpoints";
import { jsonBody } from "../middleware/json-body";
import { queryParams } from "../middleware/query-params";
import { deliveriesQuery, webhookEndpointBody, webhookEndpointPatch } from "../schemas/integrations";

export const webhookRoutes = new Hono<AppEnv>();

const orgOf = (c: Context<AppEnv>) => c.get("auth").org.id;

async function noted(
  c: Context<AppEnv>,
  action: AuditAction,
  endpoint: { id: string; url: string },
  what: "endpoints" | "deliveries" = "endpoints",
) {
  const orgId = orgOf(c);
  await auditEntry(c, openDb(c.env.DB), {
    orgId,
    action,
    target: { type: "webhook_endpoint", id: endpoint.id },
    detail: { url: endpoint.url },
  });
  c.executionCtx.waitUntil(c.env.ORG_INBOX.getByName(orgId).publishIntegrations(what, endpoint.id));
}

webhookRoutes.get("/webhooks", async (c) => c.json({ endpoints: await listEndpoints(openDb(c.env.DB), orgOf(c)) }));

webhookRoutes.post("/webhooks", async (c) => {
  const body = await jsonBody(c, webhookEndpointBody);
  const created = await createEndpoint(c.env, openDb(c.env.DB), orgOf(c), body);
  await noted(c, "integrations.webhook_created", created.endpoint);
  return c.json(created, 201);
});

webhookRoutes.patch("/webhooks/:id", async (c) => {
  const body = await jsonBody(c, webhookEndpointPatch);
  const endpoint = await updateEndpoint(c.env, openDb(c.env.DB), orgOf(c), c.req.param("id"), body);
  await noted(c, "integrations.webhook_changed", endpoint);
  return c.json({ endpoint });
});

webhookRoutes.delete("/webhooks/:id", async (c) => {
  const endpoint = await deleteEndpoint(openDb(c.env.DB), orgOf(c), c.req.param("id"));
  await noted(c, "integrations.webhook_deleted", endpoint);
  return c.json({ deleted: true });
});

webhookRoutes.post("/webhooks/:id/rotate-secret", async (c) => {
  const rotated = await rotateSecret(c.env, openDb(c.env.DB), orgOf(c), c.req.param("id"));
  await noted(c, "integrations.webhook_secret_rotated", rotated.endpoint);
  return c.json(rotated);
});

webhookRoutes.post("/webhooks/:id/ping", async (c) => {
  const db = openDb(c.env.DB);
  const endpoint = await getEndpoint(db, orgOf(c), c.req.param("id"));
  const delivery = await pingEndpoint(c.env, db, orgOf(c), endpoint.id);
  c.executionCtx.waitUntil(c.env.ORG_INBOX.getByName(orgOf(c)).publishIntegrations("deliveries", endpoint.id));
  return c.json({ delivery }, 202);
});

webhookRoutes.get("/webhooks/:id/deliveries", async (c) => {
  const { limit } = queryParams(c, deliveriesQuery);
  const db = openDb(c.env.DB);
  const endpoint = await getEndpoint(db, orgOf(c), c.req.param("id"));
  return c.json({ deliveries: await listDeliveries(db, orgOf(c), endpoint.id, limit) });
});

webhookRoutes.post("/deliveries/:id/resend", async (c) => {
  const delivery = await resendDelivery(c.env, openDb(c.env.DB), orgOf(c), c.req.param("id"));
  c.executionCtx.waitUntil(c.env.ORG_INBOX.getByName(orgOf(c)).publishIntegrations("deliveries", delivery.endpointId));
  return c.json({ delivery }, 202);
});
