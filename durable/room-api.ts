/** Types of the ConversationRoom's RPC surface, shared by the Worker (caller) and the room. */
import type { DeliveryStatus, Direction, JsonObject, MessageContent, MessageContext, MessageError, RoomFrame } from "./protocol";

/** A customer as WhatsApp names them: a phone (`wa_id`), a business-scoped user id, or both. */
export interface Identity {
  waId?: string;
  userId?: string;
}

export interface InboundMessage {
  wamid: string;
  /** The business number that received it. */
  phoneNumberId: string;
  waTimestamp: number;
  content: MessageContent;
  context?: MessageContext;
  /** Click-to-WhatsApp ad attribution, kept on the conversation. */
  referral?: JsonObject;
}

export interface StatusUpdate {
  wamid: string;
  status: DeliveryStatus;
  at: number;
  error?: MessageError;
  /** Parley's own message id, echoed by Meta from the send's `biz_opaque_callback_data`. */
  callbackData?: string;
}

/** A customer's reaction: its own wamid (for dedupe) and the message it lands on. */
export interface InboundReaction {
  wamid: string;
  targetWamid: string;
  /** null removes the reaction (Meta sends an empty or an absent emoji). */
  emoji: string | null;
  at: number;
}

export type RoomEvent =
  | { kind: "message"; message: InboundMessage }
  | { kind: "status"; status: StatusUpdate }
  | { kind: "reaction"; reaction: InboundReaction };

export interface RoomIngest {
  orgId: string;
  conversationId: string;
  /** In webhook order; the room stores them in that order. */
  events: RoomEvent[];
}

/** The room's state as D1 mirrors it: absolute values, so replaying one repairs a stale row. */
export interface RoomProjection {
  roomSeq: number;
  messageCount: number;
  /** Inbound messages since the business last wrote. */
  unreadCount: number;
  lastMessageSeq: number | null;
  lastMessagePreview: string | null;
  lastMessageDirection: Direction | null;
  lastMessageAt: number | null;
  lastInboundAt: number | null;
  windowClosedAt: number | null;
  referral: JsonObject | null;
}

export interface MediaJob {
  kind: "media.download";
  orgId: string;
  conversationId: string;
  messageId: string;
  phoneNumberId: string;
  mediaId: string;
  sha256?: string;
  mimeType?: string;
}

export interface RoomIngestResult {
  projection: RoomProjection;
  /** What changed, in sequence order; empty for a pure retry. */
  frames: RoomFrame[];
  /** Media not yet in R2, including for duplicates, so a retried webhook re-enqueues lost jobs. */
  mediaPending: MediaJob[];
  /** Meta said 131050: the customer stopped marketing messages (WhatsApp time). */
  marketingOptOutAt: number | null;
  /** From `system` messages: the same customer now has a new phone or user id. */
  identityChanges: Identity[];
  counts: { stored: number; duplicates: number; statusesApplied: number; statusesHeld: number };
}

export interface HistoryQuery {
  after?: number;
  before?: number;
  limit?: number;
}

/**
 * The room's RPC surface as callers see it. Written out because the runtime's derived stub types are
 * too deep for the compiler on unions like MessageContent; ConversationRoom implements it.
 */
export interface RoomRpc {
  ingest(input: RoomIngest): Promise<RoomIngestResult>;
  history(query: HistoryQuery): Promise<{ messages: import("./protocol").Message[]; lastSeq: number; hasMore: boolean }>;
  framesAfter(seq: number, limit?: number): Promise<RoomFrame[]>;
  attachMedia(messageId: string, media: import("./protocol").StoredMedia): Promise<RoomFrame | null>;
}
