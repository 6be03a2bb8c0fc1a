/** A webhook's stored customer messages, as automation events (the Queue carries them off the ack path). */
import { messagePreview } from "../../durable/message-preview";
import type { RoomEvent } from "../../durable/room-api";
import type { ResolvedCustomer } from "../ingest/resolve-customers";
import type { AutomationEvent } from "./events";

/**
 * A new customer's contact and conversation, then each message. Keys are the contact, the conversation
 * and the wamid, so a replayed webhook names the same events and fires no rule twice.
 */
export function inboundEvents(customer: ResolvedCustomer, roomEvents: RoomEvent[], inboundCount: number): AutomationEvent[] {
  const { contactId, conversationId, known } = customer;
  const messages = roomEvents.flatMap((e) => (e.kind === "message" && e.message.content.type !== "system" ? [e.message] : []));
  if (!messages.length) return [];
  const at = messages[0]!.waTimestamp;
  const base = { contactId, conversationId, depth: 0, chain: [] };
  return [
    ...(known
      ? []
      : [
          { ...base, key: `contact.created:${contactId}`, type: "contact.created" as const, at },
          { ...base, key: `conversation.opened:${conversationId}`, type: "conversation.opened" as const, at },
        ]),
    ...messages.map((m, i) => ({
      ...base,
      key: `msg:${m.wamid}`,
      type: "message.received" as const,
      at: m.waTimestamp,
      text: messagePreview(m.content),
      // The room's count includes this webhook's messages: when it holds no more than them, the first is the first ever.
      first: i === 0 && inboundCount <= messages.length,
    })),
  ];
}
