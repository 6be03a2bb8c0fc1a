/** How an agent's send looks before the room has echoed it: the client id, queued, at the end. */
import type { Message, MessageContent } from "../../../durable/protocol";

export function pendingMessage(
  id: string,
  content: MessageContent,
  author: { id: string; name: string } | null,
  quotedWamid?: string | null,
): Message {
  const now = Date.now();
  return {
    id,
    // 0 sorts after every stored message until the room's echo brings the real sequence.
    seq: 0,
    wamid: null,
    direction: content.type === "note" ? "internal" : "outbound",
    content,
    ...(quotedWamid && { context: { quotedWamid } }),
    waTimestamp: now,
    receivedAt: now,
    status: content.type === "note" ? null : "queued",
    statusAt: null,
    reactions: {},
    ...(author && { author }),
  };
}
