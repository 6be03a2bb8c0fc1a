/** A `messages` row as SQLite returns it, and the Message the protocol speaks. */
import type { Message, MessageError, MessagePricing, MessageStatus, StatusTimes, StoredMedia } from "./protocol";

export type MessageRow = {
  id: string;
  seq: number;
  wamid: string | null;
  direction: string;
  phone_number_id: string | null;
  content: string;
  context: string | null;
  wa_ts: number;
  received_at: number;
  status: string | null;
  status_at: number | null;
  error: string | null;
  media: string | null;
  author: string | null;
  status_times: string | null;
  pricing: string | null;
};

export function toMessage(r: MessageRow, reactions: Record<string, string>): Message {
  return {
    id: r.id,
    seq: r.seq,
    wamid: r.wamid,
    direction: r.direction as Message["direction"],
    content: JSON.parse(r.content) as Message["content"],
    ...(r.context && { context: JSON.parse(r.context) as NonNullable<Message["context"]> }),
    waTimestamp: r.wa_ts,
    receivedAt: r.received_at,
    status: r.status as MessageStatus | null,
    statusAt: r.status_at,
    ...(r.status_times && { statusTimes: JSON.parse(r.status_times) as StatusTimes }),
    ...(r.pricing && { pricing: JSON.parse(r.pricing) as MessagePricing }),
    ...(r.error && { error: JSON.parse(r.error) as MessageError }),
    reactions,
    ...(r.media && { media: JSON.parse(r.media) as StoredMedia }),
    ...(r.author && { author: JSON.parse(r.author) as NonNullable<Message["author"]> }),
  };
}
