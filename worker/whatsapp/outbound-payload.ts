/** Parley's outbound message → the Graph API's send payload. */
import type { Message } from "../../durable/protocol";
import { callbackDataFor } from "../../durable/room-api";

export interface Recipient {
  waId: string | null;
  userId: string | null;
}

/** Media is uploaded first; `mediaId` is Meta's id for it. */
export function sendPayload(
  message: Message,
  to: Recipient,
  extra: { mediaId?: string; reactionTargetWamid?: string } = {},
): Record<string, unknown> {
  // Username users may have no phone: Meta then takes their business-scoped user id as the recipient.
  const recipient = to.waId ? { to: to.waId } : { recipient: to.userId };
  const base = {
    recipient_type: "individual",
    ...recipient,
    biz_opaque_callback_data: callbackDataFor(message.id),
    ...(message.context?.quotedWamid && { context: { message_id: message.context.quotedWamid } }),
  };
  const c = message.content;
  switch (c.type) {
    case "text":
      return { ...base, type: "text", text: { body: c.body, preview_url: /https?:\/\//.test(c.body) } };
    case "template":
      return {
        ...base,
        type: "template",
        template: {
          name: c.name,
          language: { code: c.language },
          ...(c.params.length && { components: [{ type: "body", parameters: c.params.map((text) => ({ type: "text", text })) }] }),
        },
      };
    case "reaction":
      return { ...base, type: "reaction", reaction: { message_id: extra.reactionTargetWamid, emoji: c.emoji ?? "" } };
    case "image":
    case "video":
    case "audio":
    case "document":
      return {
        ...base,
        type: c.type,
        [c.type]: {
          id: extra.mediaId,
          ...(c.caption && c.type !== "audio" && { caption: c.caption }),
          ...(c.type === "document" && c.filename && { filename: c.filename }),
        },
      };
    default:
      throw new Error(`cannot send a ${c.type} message`);
  }
}
