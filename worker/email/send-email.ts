/**
 * `sendEmail`: the one way Parley sends mail. It renders the template, records a delivery row and puts
 * the message on the Queue, whose consumer calls the provider with retries (deliver-email.ts). It never
 * throws: a mail that cannot even be queued is logged and recorded as failed, and the action that
 * caused it (an invite, a reset request, a webhook) goes on.
 *
 *   await sendEmail(env, { to: user.email, orgId, template: "export_ready", data: { orgName, link, expiresAt } });
 */
import { eq } from "drizzle-orm";
import { openDb } from "../../db/client";
import { emailDeliveries } from "../../db/tables/email";
import type { EmailJob } from "./email-job";
import { renderTemplate, type EmailTemplateData, type EmailTemplateName } from "./templates";

export type EmailEnv = Pick<Env, "DB" | "JOBS">;

export interface SendEmailInput<T extends EmailTemplateName> {
  to: string;
  /** The organization the mail is about, so its admins see the delivery; null for none. */
  orgId: string | null;
  template: T;
  data: EmailTemplateData<T>;
}

/** Returns the delivery id (see `GET /api/email/deliveries`). */
export async function sendEmail<T extends EmailTemplateName>(env: EmailEnv, input: SendEmailInput<T>): Promise<string> {
  const id = `eml_${crypto.randomUUID()}`;
  const rendered = renderTemplate(input.template, input.data);
  const db = openDb(env.DB);
  const now = Date.now();
  try {
    await db.insert(emailDeliveries).values({
      id,
      orgId: input.orgId,
      to: input.to,
      template: input.template,
      subject: rendered.subject,
      status: "queued",
      updatedAt: now,
    });
    const job: EmailJob = { kind: "email.send", deliveryId: id, to: input.to, ...rendered };
    await env.JOBS.send(job);
  } catch (err) {
    console.error("email could not be queued", { id, template: input.template, err: String(err) });
    await db
      .update(emailDeliveries)
      .set({ status: "failed", error: `not queued: ${String(err).slice(0, 300)}`, updatedAt: Date.now() })
      .where(eq(emailDeliveries.id, id))
      .catch(() => undefined);
  }
  return id;
}
