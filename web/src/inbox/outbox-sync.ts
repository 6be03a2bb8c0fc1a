/**
 * The outbox (web/src/live/outbox.ts) as the inbox uses it: which sends are waiting for the network,
 * and one flush at a time when the connection returns.
 */
import { signal } from "@preact/signals";
import { ApiError } from "../api/client";
import { inboxApi } from "../api/inbox";
import { enqueue, flush, pendingSends, type PendingSend } from "../live/outbox";

const ids = () => new Set(pendingSends().map((s) => s.body.clientId));

/** Client ids of messages written offline and not sent yet. */
export const waitingIds = signal<Set<string>>(ids());

/** Client ids the server refused when the outbox was flushed: their optimistic copies must go. */
export const refusedIds = signal<ReadonlySet<string>>(new Set());

export function queueSend(send: PendingSend): void {
  enqueue(send);
  waitingIds.value = ids();
}

export const waitingFor = (conversationId: string): PendingSend[] => pendingSends().filter((s) => s.conversationId === conversationId);

let flushing: Promise<void> | null = null;

/** Sends what waits; a send the server refuses (window closed meanwhile, say) is reported and dropped. */
export function flushOutbox(onRejected: (send: PendingSend, error: ApiError) => void): Promise<void> {
  flushing ??= flush(async (send) => {
    try {
      await inboxApi.send(send.conversationId, send.body);
      return "sent";
    } catch (err) {
      if (err instanceof ApiError && err.status !== 0) {
        refusedIds.value = new Set([...refusedIds.value, send.body.clientId]);
        onRejected(send, err);
        return "rejected";
      }
      return "offline";
    } finally {
      waitingIds.value = ids();
    }
  }).finally(() => {
    flushing = null;
    waitingIds.value = ids();
  });
  return flushing;
}
