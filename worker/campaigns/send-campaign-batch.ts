/**
 * Queue job: one pacing tick's recipients of a campaign. Claim first (the runner hands each recipient
 * out once, ever), re-check marketing opt-out at this moment, call the Graph API, record every answer
 * with the runner, then mirror it: recipient rows in D1, the message in each contact's conversation,
 * a frame to the campaign's screen. A redelivered or duplicated job claims nothing and sends nothing.
 */
import { and, eq, inArray } from "drizzle-orm";
import { openDb, type Db } from "../../db/client";
import { contacts, whatsappNumbers } from "../../db/schema";
import type { BatchSignals, CampaignBatchJob, RunnerConfig, RunnerRecipient, SendOutcome } from "../../durable/campaign-protocol";
import { campaignCallbackData } from "../../durable/campaign-protocol";
import { billingOf } from "../billing/billing-account";
import { open, sealingKeysFromEnv } from "../crypto/secret-box";
import { GraphApiError, GraphClient } from "../whatsapp/graph-client";
import { mirrorOutcomes } from "./mirror-outcomes";
import { runnerOf } from "./runner";

/** Meta's throughput refusals: the whole number must slow down. */
const THROUGHPUT_CODES = new Set([130429, 80007, 4]);
/** 131056: too many messages to this one recipient lately (pair rate limit): that recipient waits. */
const PAIR_RATE_LIMIT = 131056;
/** Quality signals: Meta limits the number for spam-like sending, or locked the account. Stop, tell the team. */
const STOP_CODES = new Set([131048, 131031, 368]);
const DEFAULT_PAIR_WAIT_MS = 60_000;
const RESTRICTED_STOP = "Sending paused: the subscription is unpaid. An owner can settle it on the Billing page, then resume.";

export async function sendCampaignBatch(env: Env, job: CampaignBatchJob): Promise<void> {
  const runner = runnerOf(env, job.orgId, job.campaignId);
  const { config, recipients } = await runner.claim(job.orgId, job.campaignId, job.idxs);
  if (!config || !recipients.length) return;
  const db = openDb(env.DB);
  const [number, optedOut, billing] = await Promise.all([
    numberOf(db, config),
    config.marketing ? optedOutNow(db, config.orgId, recipients) : new Set<string>(),
    billingOf(db, config.orgId),
  ]);
  const signals: BatchSignals = {};
  let outcomes: SendOutcome[];
  if (!number || billing.standing === "restricted") {
    // Paused, not failed: each recipient waits to be sent on resume.
    signals.stop = number ? RESTRICTED_STOP : "The sending number is no longer connected.";
    outcomes = recipients.map((r) => ({ idx: r.idx, result: "retry", delayMs: 0 }));
  } else {
    const accessToken = await open(sealingKeysFromEnv(env.ENCRYPTION_KEY), number.accessTokenSealed, number.id);
    const graph = new GraphClient({ baseUrl: env.GRAPH_API_BASE, version: env.GRAPH_API_VERSION, accessToken });
    const sendable = recipients.filter((r) => !optedOut.has(r.contactId));
    // The pace is enforced here, at the moment of calling Meta, not only when the runner released the
    // batch: a consumer that fell behind would otherwise send several seconds' worth at once. The
    // number's RateLimiter is shared with the inbox's own sends, so together they stay under the limit.
    const limit = Math.min(config.ratePerSecond, Number(env.SEND_RATE_PER_SECOND) || 80);
    const granted = sendable.length
      ? await env.RATE_LIMITER.getByName(`send:${config.phoneNumberId}`).take(sendable.length, limit, 1000)
      : 0;
    const allowed = new Set(sendable.slice(0, granted).map((r) => r.idx));
    const nextSecond = 1000 - (Date.now() % 1000);
    outcomes = await Promise.all(
      recipients.map((r): Promise<SendOutcome> | SendOutcome => {
        if (optedOut.has(r.contactId))
          return { idx: r.idx, result: "skipped", code: 131050, title: "Opted out of marketing, or never opted in, before the send" };
        if (!allowed.has(r.idx)) return { idx: r.idx, result: "retry", delayMs: nextSecond, throttled: true };
        return sendOne(graph, config, r, signals);
      }),
    );
  }
  // The runner's record is the one that counts; D1, the conversations and the screen follow from it.
  await runner.record(job.orgId, job.campaignId, outcomes, signals);
  await mirrorOutcomes(env, db, config, recipients, outcomes);
}

async function sendOne(graph: GraphClient, config: RunnerConfig, r: RunnerRecipient, signals: BatchSignals): Promise<SendOutcome> {
  try {
    const wamid = await graph.sendMessage(config.phoneNumberId, {
      recipient_type: "individual",
      to: r.waId,
      biz_opaque_callback_data: campaignCallbackData(config.campaignId, r.messageId),
      type: "template",
      template: {
        name: config.templateName,
        language: { code: config.templateLanguage },
        ...(r.params.length && { components: [{ type: "body", parameters: r.params.map((text) => ({ type: "text", text })) }] }),
      },
    });
    return { idx: r.idx, result: "sent", wamid };
  } catch (err) {
    if (!(err instanceof GraphApiError)) {
      // No answer at all (the connection broke): Meta may have taken it, so it must not go twice.
      return {
        idx: r.idx,
        result: "unconfirmed",
        title: `No answer from the Graph API (${err instanceof Error ? err.message : String(err)})`,
      };
    }
    const waitMs = (err.retryAfterSeconds ?? 1) * 1000;
    if (err.code === PAIR_RATE_LIMIT)
      return { idx: r.idx, result: "retry", delayMs: err.retryAfterSeconds ? waitMs : DEFAULT_PAIR_WAIT_MS };
    if (err.status === 429 || (err.code !== undefined && THROUGHPUT_CODES.has(err.code))) {
      signals.backoffMs = Math.max(signals.backoffMs ?? 0, waitMs);
      return { idx: r.idx, result: "retry", delayMs: waitMs };
    }
    if (err.code !== undefined && STOP_CODES.has(err.code)) {
      signals.stop = `Meta limited this number (${err.code}): ${err.message}`;
      return { idx: r.idx, result: "retry", delayMs: 0 };
    }
    // Meta's own failure: the message was not taken; try again shortly.
    if (err.status >= 500) return { idx: r.idx, result: "retry", delayMs: 5000 };
    return { idx: r.idx, result: "failed", code: err.code ?? err.status, title: err.details ?? err.message };
  }
}

const numberOf = (db: Db, config: RunnerConfig) =>
  db
    .select()
    .from(whatsappNumbers)
    .where(and(eq(whatsappNumbers.orgId, config.orgId), eq(whatsappNumbers.phoneNumberId, config.phoneNumberId)))
    .get();

/** Consent as it is now, not when the campaign was planned: opted out since, or opt-in withdrawn. */
async function optedOutNow(db: Db, orgId: string, recipients: RunnerRecipient[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < recipients.length; i += 90) {
    const ids = recipients.slice(i, i + 90).map((r) => r.contactId);
    const rows = await db
      .select({ id: contacts.id, optOut: contacts.marketingOptOutAt, optIn: contacts.marketingOptInAt })
      .from(contacts)
      .where(and(eq(contacts.orgId, orgId), inArray(contacts.id, ids)))
      .all();
    for (const row of rows) if (row.optOut !== null || row.optIn === null) out.add(row.id);
  }
  return out;
}
