/**
 * OrgInbox: one Durable Object per organization. It receives one batch of conversation-list deltas per
 * webhook POST and pushes them to every agent socket of the org (sockets arrive with the Live inbox work).
 */
import { DurableObject } from "cloudflare:workers";
import type { ConversationDelta, InboxFrame } from "./protocol";

export class OrgInbox extends DurableObject<Env> {
  async publish(deltas: ConversationDelta[]): Promise<number> {
    if (!deltas.length) return 0;
    const frame = JSON.stringify({ t: "conversations", deltas } satisfies InboxFrame);
    let sent = 0;
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(frame);
        sent++;
      } catch {
        // A socket that cannot take a frame is dead; closing it must never break the broadcast.
        ws.close(1011, "send failed");
      }
    }
    return sent;
  }
}
