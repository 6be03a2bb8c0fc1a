/** A webhook's new customer messages in one conversation, as one push event (the newest message's text). */
import { messagePreview } from "../../durable/message-preview";
import type { RoomEvent } from "../../durable/room-api";
import type { ResolvedCustomer } from "../ingest/resolve-customers";
import type { PushNotifyJob } from "./push-job";

/** A customer Parley did not know opens a conversation (everyone may hear); otherwise it is the assignee's. */
export function inboundPushJob(
  orgId: string,
  customer: ResolvedCustomer,
  events: RoomEvent[],
  seenBy: string[] = [],
): PushNotifyJob | null {
  const messages = events.flatMap((e) => (e.kind === "message" && e.message.content.type !== "system" ? [e.message] : []));
  const last = messages.at(-1);
  if (!last) return null;
  return {
    kind: "push.notify",
    orgId,
    event: customer.known ? "assignedMessage" : "newConversation",
    conversationId: customer.conversationId,
    text: messagePreview(last.content),
    seenBy,
  };
}
