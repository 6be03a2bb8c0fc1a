/**
 * The message model and the websocket frames, shared by the Worker, the Durable Objects and web/.
 * One source: everything a client renders is typed here.
 */

export type Direction = "inbound" | "outbound";

/** What JSON can hold: payloads kept verbatim (Meta's raw message, a flow's answers) are typed as this. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Forward-only delivery states. `failed` is terminal; `played` follows `read` for voice notes. */
export const STATUS_RANK = { queued: 0, sent: 1, delivered: 2, read: 3, played: 4, failed: 99 } as const;
export type MessageStatus = keyof typeof STATUS_RANK;
export type DeliveryStatus = Exclude<MessageStatus, "queued">;

export interface MediaRef {
  mediaId: string;
  mimeType?: string;
  /** Base64 SHA-256 as Meta sends it; the download job checks the bytes against it. */
  sha256?: string;
  caption?: string;
  filename?: string;
  voice?: boolean;
  animated?: boolean;
}

export interface OrderItem {
  productRetailerId: string;
  quantity: number;
  /** Integer minor units (cents), never floats. */
  itemPriceMinor: number;
  currency: string;
}

export type MessageContent =
  | { type: "text"; body: string }
  | ({ type: "image" | "video" | "audio" | "document" | "sticker" } & MediaRef)
  | { type: "location"; latitude: number; longitude: number; name?: string; address?: string; url?: string }
  | { type: "contacts"; contacts: JsonObject[] }
  | {
      type: "interactive";
      replyType: "button_reply" | "list_reply" | "nfm_reply" | "unknown";
      id?: string;
      title?: string;
      description?: string;
      /** Flow answers: `response_json` parsed, or null when Meta's string was not valid JSON. */
      flowResponse?: JsonObject | null;
      flowResponseRaw?: string;
      flowName?: string;
    }
  | { type: "button"; text: string; payload?: string }
  | { type: "order"; catalogId?: string; text?: string; items: OrderItem[]; totalMinor: number; currency: string | null }
  | { type: "system"; systemType: string; body: string; newWaId?: string; newUserId?: string }
  | { type: "request_welcome" }
  | { type: "unsupported"; originalType: string; raw: JsonObject; errors?: JsonValue[] };

export type MessageType = MessageContent["type"];

export interface MessageContext {
  /** wamid of the quoted message. */
  quotedWamid?: string;
  quotedFrom?: string;
  forwarded?: boolean;
  frequentlyForwarded?: boolean;
  referredProduct?: { catalogId?: string; productRetailerId?: string };
}

export interface MessageError {
  code: number;
  title: string;
  message?: string;
  details?: string;
}

export interface StoredMedia {
  state: "pending" | "stored" | "failed";
  r2Key?: string;
  size?: number;
  mimeType?: string;
  error?: string;
}

export interface Message {
  /** Parley's id: stable across retries; outbound sends use the client-generated id. */
  id: string;
  /** Sequence of the event that created the message in its room. */
  seq: number;
  wamid: string | null;
  direction: Direction;
  content: MessageContent;
  context?: MessageContext;
  /** WhatsApp's own time (ms), beside the room's arrival order. */
  waTimestamp: number;
  receivedAt: number;
  status: MessageStatus | null;
  statusAt: number | null;
  error?: MessageError;
  /** Emoji by who reacted: `customer` or an agent's user id. */
  reactions: Record<string, string>;
  media?: StoredMedia;
}

/** Frames a ConversationRoom sends. Every one carries the room sequence it advanced to. */
export type RoomFrame =
  | { t: "message"; seq: number; message: Message }
  | { t: "status"; seq: number; messageId: string; status: MessageStatus; statusAt: number; error?: MessageError }
  | { t: "reaction"; seq: number; messageId: string; by: string; emoji: string | null }
  | { t: "media"; seq: number; messageId: string; media: StoredMedia };

/** What OrgInbox pushes for a conversation whose list row changed. */
export interface ConversationDelta {
  conversationId: string;
  roomSeq: number;
  lastMessagePreview: string | null;
  lastMessageDirection: Direction | null;
  lastMessageAt: number | null;
  unreadCount: number;
  contactName: string | null;
}

export type InboxFrame = { t: "conversations"; deltas: ConversationDelta[] };
