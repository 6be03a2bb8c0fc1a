/**
 * What the search index keeps of a message: its searchable text and the columns the filters read. Built
 * by the room (which owns the message) and by the rebuild (from exported rows), so both write the same.
 */
import type { Direction, Message, MessageContent, MessageStatus } from "../protocol";
import type { MessageRow } from "../room-rows";

export interface SearchDoc {
  messageId: string;
  conversationId: string;
  seq: number;
  direction: Direction;
  phoneNumberId: string | null;
  /** WhatsApp time (ms): what the date filter and the result order read. */
  at: number;
  hasMedia: boolean;
  type: MessageContent["type"];
  status: MessageStatus | null;
  /** Body, caption, file name, note…: every word an agent might look for, verbatim (emoji and scripts kept). */
  text: string;
}

/** A change the index applies: add or replace a message (idempotent by id), or forget a conversation. */
export type SearchChange = { op: "upsert"; doc: SearchDoc } | { op: "drop_conversation"; conversationId: string };

const MEDIA_TYPES = new Set(["image", "video", "audio", "document", "sticker"]);

/** The searchable words of a message, in the order they read. Reactions and receipts carry none. */
export function searchText(content: MessageContent): string {
  const parts: (string | undefined)[] = [];
  switch (content.type) {
    case "text":
    case "note":
      parts.push(content.body);
      break;
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker":
      parts.push(content.caption, content.filename);
      break;
    case "location":
      parts.push(content.name, content.address);
      break;
    case "interactive":
      parts.push(content.title, content.description);
      break;
    case "button":
      parts.push(content.text);
      break;
    case "order":
      parts.push(content.text);
      break;
    case "system":
      parts.push(content.body);
      break;
    case "template":
      parts.push(content.preview);
      break;
    default:
      break;
  }
  return parts.filter((p): p is string => !!p && p.trim() !== "").join("\n");
}

/** Reactions are not messages anyone looks for; everything else is indexed, text or not (filters find it). */
export const isSearchable = (content: MessageContent) => content.type !== "reaction";

export function searchDocOf(
  conversationId: string,
  m: Pick<Message, "id" | "seq" | "direction" | "waTimestamp" | "content" | "status">,
  phoneNumberId: string | null,
): SearchDoc {
  return {
    messageId: m.id,
    conversationId,
    seq: m.seq,
    direction: m.direction,
    phoneNumberId,
    at: m.waTimestamp,
    hasMedia: MEDIA_TYPES.has(m.content.type),
    type: m.content.type,
    status: m.status,
    text: searchText(m.content),
  };
}

/** From a stored row (the room's export), as the rebuild reads it; null for what is not indexed. */
export function searchDocOfRow(
  conversationId: string,
  r: Pick<MessageRow, "id" | "seq" | "direction" | "wa_ts" | "content" | "status" | "phone_number_id">,
): SearchDoc | null {
  const content = JSON.parse(r.content) as MessageContent;
  if (!isSearchable(content)) return null;
  const message = {
    id: r.id,
    seq: r.seq,
    direction: r.direction as Direction,
    waTimestamp: r.wa_ts,
    content,
    status: r.status as MessageStatus | null,
  };
  return searchDocOf(conversationId, message, r.phone_number_id);
}
