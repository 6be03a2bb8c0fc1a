/**
 * The outbox (web/src/live/outbox.ts) as the inbox uses it: what waits for the network (mirrored in a
 * signal, since IndexedDB answers asynchronously), how each waiting send looks in the conversation, and
 * one flush at a time when the connection returns.
 */
import { computed, signal } from "@preact/signals";
import type { Message, MessageContent } from "../../../durable/protocol";
import { ApiError } from "../api/client";
import { inboxApi } from "../api/inbox";
import { clientIdOf, enqueue, flush, type PendingSend, pendingSends, save } from "../live/outbox";
import { pendingMessage } from "./pending-message";

/** Everything waiting, in the order it was written. */
export const pending = signal<PendingSend[]>([]);

/** Client ids of messages written offline and not sent yet. */
export const waitingIds = computed(() => new Set(pending.value.map(clientIdOf)));

/** Client ids the server refused when the outbox was flushed: their optimistic copies must go. */
export const refusedIds = signal<ReadonlySet<string>>(new Set());

async function refresh(): Promise<void> {
  pending.value = await pendingSends();
}

/** A browser that refuses IndexedDB (some private modes) has no outbox: sends then fail as before. */
const loaded = refresh().catch(() => undefined);

export async function queueSend(send: PendingSend): Promise<void> {
  await enqueue(send);
  await refresh();
}

export const waitingFor = (conversationId: string): PendingSend[] => pending.peek().filter((s) => s.conversationId === conversationId);

/** How a waiting send shows in its conversation: the same copy the composer put there before it waited. */
export function waitingCopy(send: PendingSend, author: { id: string; name: string } | null, quotedWamid?: string | null): Message {
  const id = clientIdOf(send);
  if (send.kind === "text") return pendingMessage(id, { type: "text", body: send.body.text }, author, quotedWamid);
  if (send.kind === "note") return pendingMessage(id, { type: "note", body: send.body.text }, author);
  const content: MessageContent = {
    ...send.media,
    mediaId: send.uploadId ? `upload:${send.uploadId}` : `local:${id}`,
    mimeType: send.file.type || "application/octet-stream",
  };
  return pendingMessage(id, content, author);
}

async function post(send: PendingSend): Promise<void> {
  if (send.kind === "text") {
    await inboxApi.send(send.conversationId, send.body);
  } else if (send.kind === "note") {
    await inboxApi.note(send.conversationId, send.body);
  } else {
    if (!send.uploadId) {
      const file = new File([send.file], send.filename, { type: send.file.type });
      send.uploadId = (await inboxApi.upload(send.conversationId, file)).uploadId;
      await save(send);
    }
    await inboxApi.send(send.conversationId, { ...send.media, clientId: send.clientId, uploadId: send.uploadId });
  }
}

let flushing: Promise<void> | null = null;

/** Sends what waits, in order; a send the server refuses (window closed meanwhile, say) is reported and dropped. */
export function flushOutbox(onRejected: (send: PendingSend, error: ApiError) => void): Promise<void> {
  flushing ??= loaded
    .then(() =>
      flush(async (send) => {
        try {
          await post(send);
          return "sent";
        } catch (err) {
          if (err instanceof ApiError && err.status !== 0) {
            refusedIds.value = new Set([...refusedIds.value, clientIdOf(send)]);
            onRejected(send, err);
            return "rejected";
          }
          return "offline";
        }
      }),
    )
    .catch(() => undefined)
    .finally(() => {
      flushing = null;
      void refresh().catch(() => undefined);
    });
  return flushing;
}
