/**
 * Sends written while offline (or while a request failed) wait here, in localStorage, and go out when the
 * connection returns. The client id each carries makes a resend after a lost answer store one message.
 */
export interface PendingSend {
  conversationId: string;
  body: { type: "text"; clientId: string; text: string; replyToMessageId?: string };
  queuedAt: number;
}

const KEY = "parley.outbox";

export function pendingSends(): PendingSend[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? "[]") as PendingSend[];
  } catch {
    return [];
  }
}

export function enqueue(send: PendingSend): void {
  localStorage.setItem(KEY, JSON.stringify([...pendingSends().filter((s) => s.body.clientId !== send.body.clientId), send]));
}

export function remove(clientId: string): void {
  localStorage.setItem(KEY, JSON.stringify(pendingSends().filter((s) => s.body.clientId !== clientId)));
}

/** Tries each pending send in order; stops at the first network failure (still offline). */
export async function flush(post: (s: PendingSend) => Promise<"sent" | "rejected" | "offline">): Promise<void> {
  for (const send of pendingSends()) {
    const outcome = await post(send);
    if (outcome === "offline") return;
    remove(send.body.clientId);
  }
}
