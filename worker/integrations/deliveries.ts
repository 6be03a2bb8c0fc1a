/**
 * Deliveries: one row per (endpoint, event), written before anything is sent, so the log shows what is
 * pending and a redelivered fan-out finds its rows instead of making new ones. Each attempt is a Queue
 * message naming the row and the attempt it is for (worker/integrations/deliver.ts).
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type WebhookDelivery, webhookDeliveries, webhookEndpoints } from "../../db/tables/integrations";
import { AppError } from "../errors";
import type { OutgoingEvent, WebhooksEmitJob } from "./events";

export interface WebhookDeliverJob {
  kind: "webhook.deliver";
  deliveryId: string;
  /** The attempts already made when this message was sent: a stale message (its attempt taken) does nothing. */
  attempt: number;
}

export type DeliveryView = Omit<WebhookDelivery, "orgId" | "onceKey">;
const view = ({ orgId: _o, onceKey: _k, ...rest }: WebhookDelivery): DeliveryView => rest;

/** The body an endpoint receives, byte for byte what is signed and stored. */
export function payloadOf(orgId: string, event: OutgoingEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, createdAt: new Date(event.at).toISOString(), orgId, data: event.data });
}

export async function fanOut(env: Pick<Env, "DB" | "JOBS">, db: Db, job: WebhooksEmitJob): Promise<number> {
  const endpoints = await db
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.orgId, job.orgId),
        eq(webhookEndpoints.enabled, true),
        job.endpointId ? eq(webhookEndpoints.id, job.endpointId) : undefined,
      ),
    )
    .all();
  const now = Date.now();
  const rows = job.events.flatMap((event) =>
    endpoints
      .filter((e) => job.endpointId || (e.events as string[]).includes(event.type))
      .map((e) => ({
        id: `wd_${crypto.randomUUID()}`,
        orgId: job.orgId,
        endpointId: e.id,
        eventId: event.id,
        eventType: event.type,
        payload: payloadOf(job.orgId, event),
        status: "pending" as const,
        createdAt: now,
        updatedAt: now,
      })),
  );
  if (!rows.length) return 0;
  // D1 caps bound parameters per statement; 8 rows of 9 columns stay well under it.
  for (let i = 0; i < rows.length; i += 8) {
    await db
      .insert(webhookDeliveries)
      .values(rows.slice(i, i + 8))
      .onConflictDoNothing();
  }
  // Rows a crashed earlier run wrote but never queued are still pending with no attempt: queue them too.
  // A second message for the same attempt is harmless, since only one can claim it.
  const pending = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        inArray(
          webhookDeliveries.endpointId,
          endpoints.map((e) => e.id),
        ),
        inArray(
          webhookDeliveries.eventId,
          job.events.map((e) => e.id),
        ),
        eq(webhookDeliveries.status, "pending"),
        eq(webhookDeliveries.attempts, 0),
      ),
    )
    .all();
  if (pending.length) {
    await env.JOBS.sendBatch(
      pending.map((p) => ({ body: { kind: "webhook.deliver", deliveryId: p.id, attempt: 0 } satisfies WebhookDeliverJob })),
    );
  }
  return pending.length;
}

export async function listDeliveries(db: Db, orgId: string, endpointId: string, limit: number): Promise<DeliveryView[]> {
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.endpointId, endpointId)))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit)
    .all();
  return rows.map(view);
}

/** A person's "Resend": a new delivery of the same body (same event id, so receivers can dedupe), now. */
export async function resendDelivery(env: Pick<Env, "JOBS">, db: Db, orgId: string, id: string): Promise<DeliveryView> {
  const original = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.orgId, orgId)))
    .get();
  if (!original) throw new AppError(404, "delivery_not_found", "No such webhook delivery in your organization.");
  const endpoint = await db
    .select({ enabled: webhookEndpoints.enabled })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.id, original.endpointId))
    .get();
  if (!endpoint?.enabled) {
    throw new AppError(409, "endpoint_disabled", "This endpoint is switched off; switch it on before resending.");
  }
  const now = Date.now();
  const newId = `wd_${crypto.randomUUID()}`;
  const row: WebhookDelivery = {
    ...original,
    id: newId,
    onceKey: newId,
    status: "pending",
    attempts: 0,
    nextAttemptAt: null,
    responseStatus: null,
    responseBody: null,
    durationMs: null,
    resendOf: original.id,
    createdAt: now,
    updatedAt: now,
  };
  await db.insert(webhookDeliveries).values(row);
  await env.JOBS.send({ kind: "webhook.deliver", deliveryId: row.id, attempt: 0 } satisfies WebhookDeliverJob);
  return view(row);
}

/** "Send a test event": a `ping` to one endpoint, whatever it subscribes to, delivered like any event. */
export async function pingEndpoint(env: Pick<Env, "JOBS">, db: Db, orgId: string, endpointId: string): Promise<DeliveryView> {
  const now = Date.now();
  const event: OutgoingEvent = { id: `evt_ping_${crypto.randomUUID().replaceAll("-", "")}`, type: "ping", at: now, data: { endpointId } };
  const row: WebhookDelivery = {
    id: `wd_${crypto.randomUUID()}`,
    orgId,
    endpointId,
    eventId: event.id,
    eventType: event.type,
    payload: payloadOf(orgId, event),
    status: "pending",
    attempts: 0,
    nextAttemptAt: null,
    responseStatus: null,
    responseBody: null,
    durationMs: null,
    resendOf: null,
    onceKey: "",
    createdAt: now,
    updatedAt: now,
  };
  await db.insert(webhookDeliveries).values(row);
  await env.JOBS.send({ kind: "webhook.deliver", deliveryId: row.id, attempt: 0 } satisfies WebhookDeliverJob);
  return view(row);
}
