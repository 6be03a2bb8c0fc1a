/**
 * Queue job: fetch an inbound message's media from the Graph API into R2, checking Meta's sha256.
 * Idempotent: R2 keys are per message, and the room ignores a second "stored".
 */
import { and, eq } from "drizzle-orm";
import type { MediaJob } from "../../durable/room-api";
import { roomStub } from "../../durable/room-stub";
import { openDb } from "../../db/client";
import { whatsappNumbers } from "../../db/schema";
import { open, sealingKeysFromEnv } from "../crypto/secret-box";
import { GraphApiError, GraphClient } from "../whatsapp/graph-client";

export const mediaKey = (job: MediaJob) => `media/${job.orgId}/${job.conversationId}/${job.messageId}`;

export class PermanentJobError extends Error {}

export async function downloadMedia(env: Env, job: MediaJob): Promise<void> {
  const db = openDb(env.DB);
  const number = await db
    .select({ id: whatsappNumbers.id, sealed: whatsappNumbers.accessTokenSealed })
    .from(whatsappNumbers)
    .where(and(eq(whatsappNumbers.orgId, job.orgId), eq(whatsappNumbers.phoneNumberId, job.phoneNumberId)))
    .get();
  if (!number) throw new PermanentJobError(`number ${job.phoneNumberId} is no longer connected`);
  const accessToken = await open(sealingKeysFromEnv(env.ENCRYPTION_KEY), number.sealed, number.id);
  const graph = new GraphClient({ baseUrl: env.GRAPH_API_BASE, version: env.GRAPH_API_VERSION, accessToken });

  try {
    const info = await graph.getMedia(job.mediaId);
    const { bytes, contentType } = await graph.download(info.url);
    const expected = job.sha256 ?? info.sha256;
    const actual = await sha256Base64(bytes);
    if (expected && expected !== actual) throw new Error(`media ${job.mediaId} sha256 mismatch: expected ${expected}, got ${actual}`);
    const mimeType = info.mime_type ?? job.mimeType ?? contentType ?? "application/octet-stream";
    await env.MEDIA.put(mediaKey(job), bytes, { httpMetadata: { contentType: mimeType }, sha256: hexOf(actual) });
    await room(env, job).attachMedia(job.messageId, { state: "stored", r2Key: mediaKey(job), size: bytes.byteLength, mimeType });
  } catch (err) {
    if (err instanceof GraphApiError && !err.retryable) throw new PermanentJobError(err.message);
    throw err;
  }
}

export async function markMediaFailed(env: Env, job: MediaJob, reason: string): Promise<void> {
  await room(env, job).attachMedia(job.messageId, { state: "failed", error: reason, ...(job.mimeType && { mimeType: job.mimeType }) });
}

const room = (env: Env, job: MediaJob) => roomStub(env.CONVERSATION_ROOM, job.orgId, job.conversationId);

async function sha256Base64(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return btoa(String.fromCharCode(...digest));
}

const hexOf = (b64: string) => [...atob(b64)].map((ch) => ch.charCodeAt(0).toString(16).padStart(2, "0")).join("");
