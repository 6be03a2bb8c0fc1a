/** The Queue consumer's side of email: hand the message to the provider and record how it went. */
import { eq, sql } from "drizzle-orm";
import { openDb } from "../../db/client";
import { emailDeliveries } from "../../db/tables/email";
import { PermanentJobError } from "../jobs/media-download";
import type { EmailJob } from "./email-job";
import { EmailApiError, postEmail } from "./http-email-api";

export async function deliverEmail(env: Env, job: EmailJob): Promise<void> {
  const db = openDb(env.DB);
  try {
    const { id } = await postEmail(
      { baseUrl: env.EMAIL_API_BASE, apiKey: env.EMAIL_API_KEY, from: env.EMAIL_FROM },
      { to: job.to, subject: job.subject, html: job.html, text: job.text, idempotencyKey: job.deliveryId },
    );
    await db
      .update(emailDeliveries)
      .set({ status: "sent", providerId: id, error: null, attempts: sqlIncrement(), updatedAt: Date.now() })
      .where(eq(emailDeliveries.id, job.deliveryId));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    await db
      .update(emailDeliveries)
      .set({ attempts: sqlIncrement(), error: reason.slice(0, 500), updatedAt: Date.now() })
      .where(eq(emailDeliveries.id, job.deliveryId));
    if (err instanceof EmailApiError && !err.retryable) throw new PermanentJobError(reason);
    throw err;
  }
}

/** After the last attempt: visible to admins as failed. */
export async function markEmailFailed(env: Env, job: EmailJob, reason: string): Promise<void> {
  await openDb(env.DB)
    .update(emailDeliveries)
    .set({ status: "failed", error: reason.slice(0, 500), updatedAt: Date.now() })
    .where(eq(emailDeliveries.id, job.deliveryId));
}

const sqlIncrement = () => sql`${emailDeliveries.attempts} + 1`;
