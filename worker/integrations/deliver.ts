/**
 * One attempt to deliver one event to one endpoint. The attempt is claimed first (attempts moves from
 * the job's number to the next, atomically), so a redelivered or duplicated Queue message never posts a
 * second time for the same attempt. Failures retry on a schedule spanning about a day; an endpoint
 * failing WEBHOOK_DISABLE_AFTER_FAILURES attempts in a row is switched off and its admins are told.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { openDb } from "../../db/client";
import { auditLog, organizations, users } from "../../db/schema";
import { webhookDeliveries, webhookEndpoints } from "../../db/tables/integrations";
import { appOrigin } from "../app-origin";
import { sendEmail } from "../email/send-email";
import type { WebhookDeliverJob } from "./deliveries";
import { endpointSecret } from "./endpoints";
import { SIGNATURE_HEADER, signatureHeader } from "./signing";

/** Seconds before attempt 2, 3, …: about 24 hours in all, each step within the Queue's 12-hour delay cap. */
export const RETRY_DELAYS_S = [30, 120, 600, 1800, 3600, 7200, 14400, 28800, 28800];
export const MAX_ATTEMPTS = RETRY_DELAYS_S.length + 1;
const RESPONSE_KEPT = 1024;

type DeliverEnv = Pick<
  Env,
  "DB" | "JOBS" | "ORG_INBOX" | "ENCRYPTION_KEY" | "APP_ORIGIN" | "WEBHOOK_DISABLE_AFTER_FAILURES" | "WEBHOOK_TIMEOUT_MS"
>;

interface Outcome {
  ok: boolean;
  status: number | null;
  body: string;
  durationMs: number;
}

async function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Outcome> {
  const started = Date.now();
  try {
    const res = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    const text = (await res.text()).slice(0, RESPONSE_KEPT);
    return { ok: res.status >= 200 && res.status < 300, status: res.status, body: text, durationMs: Date.now() - started };
  } catch (err) {
    const reason =
      err instanceof Error && err.name === "TimeoutError" ? `No answer within ${timeoutMs} ms` : `Could not connect: ${String(err)}`;
    return { ok: false, status: null, body: reason.slice(0, RESPONSE_KEPT), durationMs: Date.now() - started };
  }
}

export async function deliverWebhook(env: DeliverEnv, job: WebhookDeliverJob): Promise<void> {
  const db = openDb(env.DB);
  const [claimed] = await db
    .update(webhookDeliveries)
    .set({ attempts: job.attempt + 1, updatedAt: Date.now() })
    .where(
      and(
        eq(webhookDeliveries.id, job.deliveryId),
        eq(webhookDeliveries.attempts, job.attempt),
        inArray(webhookDeliveries.status, ["pending", "retrying"]),
      ),
    )
    .returning();
  if (!claimed) return;
  const attempt = job.attempt + 1;
  const endpoint = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, claimed.endpointId)).get();
  const inbox = env.ORG_INBOX.getByName(claimed.orgId);
  if (!endpoint?.enabled) {
    await db
      .update(webhookDeliveries)
      .set({ status: "failed", responseBody: "Not sent: the endpoint is switched off.", nextAttemptAt: null, updatedAt: Date.now() })
      .where(eq(webhookDeliveries.id, claimed.id));
    await inbox.publishIntegrations("deliveries", claimed.endpointId);
    return;
  }

  const t = Math.floor(Date.now() / 1000);
  const outcome = await post(
    endpoint.url,
    {
      "content-type": "application/json",
      "user-agent": "Parley-Webhooks/1.0",
      [SIGNATURE_HEADER]: await signatureHeader(await endpointSecret(env, endpoint), claimed.payload, t),
      "Parley-Event": claimed.eventType,
      "Parley-Delivery": claimed.id,
    },
    claimed.payload,
    Number(env.WEBHOOK_TIMEOUT_MS) || 10_000,
  );
  const now = Date.now();
  const result = { responseStatus: outcome.status, responseBody: outcome.body, durationMs: outcome.durationMs, updatedAt: now };

  if (outcome.ok) {
    await db.batch([
      db
        .update(webhookDeliveries)
        .set({ ...result, status: "succeeded", nextAttemptAt: null })
        .where(eq(webhookDeliveries.id, claimed.id)),
      db.update(webhookEndpoints).set({ failureStreak: 0 }).where(eq(webhookEndpoints.id, endpoint.id)),
    ]);
    await inbox.publishIntegrations("deliveries", endpoint.id);
    return;
  }

  const [after] = await db
    .update(webhookEndpoints)
    .set({ failureStreak: sql`${webhookEndpoints.failureStreak} + 1` })
    .where(eq(webhookEndpoints.id, endpoint.id))
    .returning({ failureStreak: webhookEndpoints.failureStreak, enabled: webhookEndpoints.enabled });
  const limit = Number(env.WEBHOOK_DISABLE_AFTER_FAILURES) || 20;
  const switchOff = Boolean(after?.enabled) && after!.failureStreak >= limit;
  const retry = !switchOff && attempt < MAX_ATTEMPTS;
  const delay = RETRY_DELAYS_S[attempt - 1] ?? 0;
  await db
    .update(webhookDeliveries)
    .set({ ...result, status: retry ? "retrying" : "failed", nextAttemptAt: retry ? now + delay * 1000 : null })
    .where(eq(webhookDeliveries.id, claimed.id));
  if (retry)
    await env.JOBS.send({ kind: "webhook.deliver", deliveryId: claimed.id, attempt } satisfies WebhookDeliverJob, { delaySeconds: delay });
  if (switchOff) await switchOffEndpoint(env, endpoint.id, claimed.orgId, endpoint.url, after!.failureStreak);
  await inbox.publishIntegrations(switchOff ? "endpoints" : "deliveries", endpoint.id);
}

/** Off after too many failures in a row: noted on the endpoint and in the audit log, and mailed to owners and admins. */
async function switchOffEndpoint(env: DeliverEnv, endpointId: string, orgId: string, url: string, failures: number): Promise<void> {
  const db = openDb(env.DB);
  const reason = `Switched off after ${failures} failed attempts in a row.`;
  const [off] = await db
    .update(webhookEndpoints)
    .set({ enabled: false, disabledReason: reason, updatedAt: Date.now() })
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.enabled, true)))
    .returning({ id: webhookEndpoints.id });
  if (!off) return;
  await db.insert(auditLog).values({
    id: crypto.randomUUID(),
    orgId,
    actorId: null,
    actorEmail: null,
    action: "integrations.webhook_disabled",
    targetType: "webhook_endpoint",
    targetId: endpointId,
    detail: { url, failures },
    ip: null,
    userAgent: null,
    createdAt: Date.now(),
  });
  const admins = await db
    .select({ email: users.email, orgName: organizations.name })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(users.orgId, orgId), inArray(users.role, ["owner", "admin"])))
    .all();
  for (const admin of admins) {
    await sendEmail(env, {
      to: admin.email,
      orgId,
      template: "webhook_disabled",
      data: { orgName: admin.orgName, url, failures, link: `${appOrigin(env)}/settings/integrations` },
    });
  }
}
