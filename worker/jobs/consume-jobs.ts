/** The queue consumer: one handler per job kind, retries with backoff, a terminal state after the last try. */
import type { CampaignJob } from "../../durable/campaign-protocol";
import type { MediaJob } from "../../durable/room-api";
import { deliverEmail, markEmailFailed } from "../email/deliver-email";
import type { EmailJob } from "../email/email-job";
import { openDb } from "../../db/client";
import { sendCampaignBatch } from "../campaigns/send-campaign-batch";
import { startCampaign } from "../campaigns/start-campaign";
import { type ExportJob, runExportStep } from "../data/export-job";
import { type ImportJob, markImportFailed, runImportStep } from "../crm/import/import-job";
import { markExportFailed } from "../data/exports";
import { type PurgeJob, runPurgeStep } from "../data/purge-job";
import { markRestoreFailed, type RestoreJob, runRestoreStep } from "../data/restore-job";
import { AiJobStopped, runAiJob, type AiJob } from "../ai/jobs";
import type { AutomationJob } from "../automation/events";
import { runAutomationJob } from "../automation/run-event";
import { deliverPush } from "../push/deliver-push";
import { fanOutPush } from "../push/fan-out";
import type { PushJob } from "../push/push-job";
import { fanOut, type WebhookDeliverJob } from "../integrations/deliveries";
import { deliverWebhook } from "../integrations/deliver";
import type { WebhooksEmitJob } from "../integrations/events";
import { downloadMedia, markMediaFailed, PermanentJobError } from "./media-download";
import { prepareSendBatch, type SendBatch } from "./send-batch";
import type { SendJob } from "./send-job";
import { RetryLater, sendOutbound, settleSendFailed } from "./send-message";

export type Job =
  | MediaJob
  | SendJob
  | EmailJob
  | CampaignJob
  | ExportJob
  | RestoreJob
  | PurgeJob
  | AiJob
  | ImportJob
  | AutomationJob
  | PushJob
  | WebhooksEmitJob
  | WebhookDeliverJob;

/** Matches `max_retries` in wrangler.toml: after this many attempts a job is settled as failed. */
export const MAX_ATTEMPTS = 8;

export async function consumeJobs(batch: MessageBatch<Job>, env: Env): Promise<void> {
  const sends = batch.messages.flatMap((m) => (m.body.kind === "message.send" ? [m.body] : []));
  // If the shared lookups fail (D1 unreachable), every send in the batch retries with backoff: each
  // send awaits them below; the empty catch only keeps a failure before the first await from being
  // reported as unhandled.
  const shared = sends.length ? prepareSendBatch(env, sends) : null;
  shared?.catch(() => {});
  await Promise.all(
    batch.messages.map(async (msg) => {
      try {
        await run(env, msg.body, shared);
        msg.ack();
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        if (err instanceof RetryLater && msg.attempts < MAX_ATTEMPTS) {
          // Pacing (our rate limit or Meta's Retry-After), not a failure: wait as long as asked.
          msg.retry({ delaySeconds: err.delaySeconds });
        } else if (err instanceof PermanentJobError || err instanceof AiJobStopped || msg.attempts >= MAX_ATTEMPTS) {
          console.error("job failed for good", { kind: msg.body.kind, attempts: msg.attempts, reason });
          await settleFailed(env, msg.body, reason);
          msg.ack();
        } else {
          console.warn("job will retry", { kind: msg.body.kind, attempts: msg.attempts, reason });
          msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
        }
      }
    }),
  );
}

/** 2, 4, 8 … seconds, capped at 5 minutes. */
export const backoffSeconds = (attempts: number) => Math.min(2 ** attempts, 300);

async function run(env: Env, job: Job, sends: Promise<SendBatch> | null): Promise<void> {
  switch (job.kind) {
    case "media.download":
      return downloadMedia(env, job);
    case "message.send":
      return sendOutbound(env, job, await sends!);
    case "email.send":
      return deliverEmail(env, job);
    case "campaign.batch":
      return sendCampaignBatch(env, job);
    case "campaign.start":
      await startCampaign(env, openDb(env.DB), job.orgId, job.campaignId);
      return;
    case "data.export":
      return runExportStep(env, job);
    case "data.restore":
      return runRestoreStep(env, job);
    case "data.purge":
      return runPurgeStep(env, job);
    case "ai.summary":
    case "ai.inbound":
      return runAiJob(env, job);
    case "contacts.import":
      return runImportStep(env, job);
    case "automation.events":
      return runAutomationJob(env, job);
    case "push.notify":
      return fanOutPush(env, job);
    case "push.deliver":
      return deliverPush(env, job);
    case "webhooks.emit":
      await fanOut(env, openDb(env.DB), job);
      return;
    // Never retried by the Queue: an attempt's outcome (and its own retry, on the schedule) is recorded in D1.
    case "webhook.deliver":
      return deliverWebhook(env, job);
  }
}

function settleFailed(env: Env, job: Job, reason: string): Promise<void> {
  switch (job.kind) {
    case "media.download":
      return markMediaFailed(env, job, reason);
    case "message.send":
      return settleSendFailed(env, job, reason);
    case "email.send":
      return markEmailFailed(env, job, reason);
    // A batch out of retries: its claimed recipients become unconfirmed and the rest go back in line
    // (the runner's sweep); a start out of retries left the campaign scheduled for the cron to pick up.
    case "campaign.batch":
    case "campaign.start":
      return Promise.resolve();
    // An AI job that failed for good changed nothing; the usage log holds the failure.
    case "ai.summary":
    case "ai.inbound":
      return Promise.resolve();
    case "data.export":
      return markExportFailed(env, openDb(env.DB), job.exportId, reason);
    case "data.restore":
      return markRestoreFailed(env, openDb(env.DB), job.restoreId, reason);
    case "data.purge":
      // The next cron run starts it again: an org past grace stays due until its row is gone.
      console.error("purge step failed for good", { orgId: job.orgId, reason });
      return Promise.resolve();
    case "contacts.import":
      return markImportFailed(env, job.importId, reason);
    // Each rule that ran logged its own outcome; one that never started has nothing to undo.
    case "automation.events":
      console.error("automation events dropped", { orgId: job.orgId, keys: job.events.map((e) => e.key) });
      return Promise.resolve();
    // A notification that could not go out is late news: dropped, with the reason in the log.
    case "push.notify":
    case "push.deliver":
      return Promise.resolve();
    case "webhooks.emit":
      console.error("webhook events dropped", { orgId: job.orgId, ids: job.events.map((e) => e.id) });
      return Promise.resolve();
    case "webhook.deliver":
      return Promise.resolve();
  }
}
