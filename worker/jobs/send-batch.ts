/**
 * What a queue batch's sends share, fetched once per batch rather than once per message: each
 * conversation with its contact and number (one D1 query per 50 conversations) and send permits from
 * each number's RateLimiter (one call per number). A template broadcast queues thousands of one
 * number's sends; per message these were a D1 round trip and a Durable Object call each.
 */
import { and, eq, inArray } from "drizzle-orm";
import { openDb } from "../../db/client";
import { contacts, conversations, whatsappNumbers, type Contact, type Conversation, type WhatsappNumber } from "../../db/schema";
import type { SendJob } from "./send-job";

export interface SendContext {
  conv: Conversation;
  contact: Contact;
  number: WhatsappNumber;
}

export interface SendBatch {
  /** The job's conversation, only if it belongs to the job's organization. */
  context(job: SendJob): SendContext | undefined;
  /** Whether the number's rate limit left room for this job in the current second. */
  permitted(job: SendJob): boolean;
}

/** D1 binds at most 100 parameters per query. */
const IDS_PER_QUERY = 50;

export async function prepareSendBatch(env: Env, jobs: SendJob[]): Promise<SendBatch> {
  const byConversation = await loadContexts(env, [...new Set(jobs.map((j) => j.conversationId))]);
  const context = (job: SendJob) => {
    const found = byConversation.get(job.conversationId);
    return found && found.conv.orgId === job.orgId ? found : undefined;
  };

  // Permits are taken for every job with a conversation, before the per-message checks: a job that turns
  // out not to send (already sent, window closed) leaves its permit unused, erring under the limit.
  const perNumber = new Map<string, SendJob[]>();
  for (const job of jobs) {
    const number = context(job)?.number.phoneNumberId;
    if (!number) continue;
    const waiting = perNumber.get(number);
    if (waiting) waiting.push(job);
    else perNumber.set(number, [job]);
  }
  const limit = Number(env.SEND_RATE_PER_SECOND) || 80;
  const permitted = new Set<SendJob>();
  await Promise.all(
    [...perNumber].map(async ([number, waiting]) => {
      const granted = await env.RATE_LIMITER.getByName(`send:${number}`).take(waiting.length, limit, 1000);
      for (const job of waiting.slice(0, granted)) permitted.add(job);
    }),
  );
  return { context, permitted: (job) => permitted.has(job) };
}

async function loadContexts(env: Env, conversationIds: string[]): Promise<Map<string, SendContext>> {
  const db = openDb(env.DB);
  const chunks = Array.from({ length: Math.ceil(conversationIds.length / IDS_PER_QUERY) }, (_, i) =>
    conversationIds.slice(i * IDS_PER_QUERY, (i + 1) * IDS_PER_QUERY),
  );
  const rows = await Promise.all(
    chunks.map((ids) =>
      db
        .select({ conv: conversations, contact: contacts, number: whatsappNumbers })
        .from(conversations)
        .innerJoin(contacts, eq(contacts.id, conversations.contactId))
        .innerJoin(
          whatsappNumbers,
          and(eq(whatsappNumbers.phoneNumberId, conversations.phoneNumberId), eq(whatsappNumbers.orgId, conversations.orgId)),
        )
        .where(inArray(conversations.id, ids)),
    ),
  );
  return new Map(rows.flat().map((r) => [r.conv.id, r]));
}
