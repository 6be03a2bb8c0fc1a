/**
 * Queue job: send one outbound message through the Graph API. Right before sending it re-checks the
 * 24-hour window and the marketing opt-out (a queue can back up), respects the number's rate limit
 * (permits taken for the whole batch, see send-batch.ts), and records the wamid. Idempotent: a message
 * already sent (or no longer queued) is left alone.
 */
import { and, eq } from "drizzle-orm";
import type { MessageError } from "../../durable/protocol";
import { roomStub } from "../../durable/room-stub";
import { open, sealingKeysFromEnv } from "../crypto/secret-box";
import { openDb } from "../../db/client";
import { templates } from "../../db/schema";
import { agentProjection } from "../../durable/projection/projection";
import { windowOpen } from "../../durable/projection/conversation-summary";
import { readUpload } from "../inbox/media";
import { GraphApiError, GraphClient } from "../whatsapp/graph-client";
import { sendPayload } from "../whatsapp/outbound-payload";
import { PermanentJobError } from "./media-download";
import type { SendBatch } from "./send-batch";
import type { SendJob } from "./send-job";

export class RetryLater extends Error {
  constructor(readonly delaySeconds: number) {
    super(`retry in ${delaySeconds}s`);
  }
}

export async function sendOutbound(env: Env, job: SendJob, batch: SendBatch): Promise<void> {
  const row = batch.context(job);
  const room = roomStub(env.CONVERSATION_ROOM, job.orgId, job.conversationId);
  const message = await room.message(job.messageId);
  if (message?.status !== "queued" || message.wamid) return;

  const fail = async (error: MessageError) => {
    const { projection, search } = await room.failOutbound(job.messageId, error);
    if (row) await env.ORG_INBOX.getByName(job.orgId).project(job.orgId, [agentProjection(row.conv, projection, undefined, search)]);
  };
  if (!row) return fail({ code: 0, title: "The WhatsApp number for this conversation is no longer connected." });

  const c = message.content;
  const freeForm = c.type !== "template";
  if (freeForm && !windowOpen(row.conv))
    return fail({
      code: 131047,
      title: "Re-engagement message",
      message: "More than 24 hours have passed since the customer last replied; send a template.",
    });
  if (c.type === "template" && row.contact.marketingOptOutAt !== null) {
    const t = await openDb(env.DB)
      .select({ category: templates.category })
      .from(templates)
      .where(and(eq(templates.orgId, job.orgId), eq(templates.name, c.name), eq(templates.language, c.language)))
      .get();
    if (t?.category === "MARKETING") return fail({ code: 131050, title: "Customer opted out of marketing messages" });
  }

  if (!batch.permitted(job)) throw new RetryLater(1);

  const accessToken = await open(sealingKeysFromEnv(env.ENCRYPTION_KEY), row.number.accessTokenSealed, row.number.id);
  const graph = new GraphClient({ baseUrl: env.GRAPH_API_BASE, version: env.GRAPH_API_VERSION, accessToken });
  try {
    const extra: { mediaId?: string; reactionTargetWamid?: string } = {};
    if ("mediaId" in c && c.mediaId.startsWith("upload:")) {
      const upload = await readUpload(env, row.conv, c.mediaId.slice(7));
      if (!upload) return fail({ code: 0, title: "The attached file is gone; attach it again." });
      extra.mediaId = await graph.uploadMedia(
        row.number.phoneNumberId,
        await upload.arrayBuffer(),
        c.mimeType ?? "application/octet-stream",
        c.filename ?? "file",
      );
    }
    if (c.type === "reaction") extra.reactionTargetWamid = (await room.message(c.targetMessageId))?.wamid ?? undefined;
    const wamid = await graph.sendMessage(
      row.number.phoneNumberId,
      sendPayload(message, { waId: row.contact.waId, userId: row.contact.userId }, extra),
    );
    await room.recordWamid(job.messageId, wamid);
  } catch (err) {
    if (err instanceof GraphApiError && !err.retryable) {
      return fail({ code: err.code ?? err.status, title: err.message, ...(err.details && { details: err.details }) });
    }
    if (err instanceof GraphApiError && err.retryAfterSeconds) throw new RetryLater(err.retryAfterSeconds);
    throw err;
  }
}

/** Out of retries: the message fails with the last reason, so the agent sees it and can retry. */
export async function settleSendFailed(env: Env, job: SendJob, reason: string): Promise<void> {
  await roomStub(env.CONVERSATION_ROOM, job.orgId, job.conversationId).failOutbound(job.messageId, { code: 0, title: reason });
}

export { PermanentJobError };
