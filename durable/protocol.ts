/**
 * The message model and the websocket frames, shared by the Worker, the Durable Objects and web/.
 * One source: everything a client renders is typed here.
 */
import type { CampaignProgress, RecipientUpdate } from "./campaign-protocol";
import type { OrderSource, OrderStatus } from "../db/tables/commerce";

import type { ContactImportView } from "../db/contact-import-view";
import type { ContactView } from "../db/contact-view";
import type { DataJobProgress } from "../db/data-job-view";

/** `internal`: private notes, never sent to WhatsApp. */
export type Direction = "inbound" | "outbound" | "internal";

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
  | { type: "template"; name: string; language: string; params: string[]; preview: string }
  | { type: "reaction"; targetMessageId: string; emoji: string | null }
  | { type: "note"; body: string }
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

/** When an outbound message reached each status (WhatsApp time), every one kept even when they arrive out of order. */
export type StatusTimes = Partial<Record<DeliveryStatus, number>>;

/** What Meta charges for an outbound message, from its status webhooks (`pricing`, `conversation.origin`). */
export interface MessagePricing {
  /** `marketing`, `utility`, `authentication`, `service`, …: what the message is billed as. */
  category: string | null;
  billable: boolean | null;
  /** `PMP` (per message) or `CBP` (per conversation, before July 2025). */
  model?: string;
  /** `regular`, `free_customer_service`, `free_entry_point`. */
  type?: string;
  /** The conversation's origin type: `service`, `marketing`, `utility`, `authentication`, `referral_conversion`. */
  originType?: string;
}

/** A click-to-WhatsApp ad (or post) the customer came from: Meta's `referral`, named the API's way. */
export interface AdReferral {
  sourceId?: string;
  /** `ad` or `post`. */
  sourceType?: string;
  sourceUrl?: string;
  headline?: string;
  body?: string;
  /** Click id, for Meta's conversions API. */
  ctwaClid?: string;
  mediaType?: string;
  imageUrl?: string;
  videoUrl?: string;
  thumbnailUrl?: string;
  /** WhatsApp time of the message that carried it. */
  at: number;
}

/** First and last ad a conversation's customer came from. */
export interface AdAttribution {
  firstTouch: AdReferral;
  lastTouch: AdReferral;
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
  /** Outbound only: the time of every status reached, for "Message info". */
  statusTimes?: StatusTimes;
  pricing?: MessagePricing;
  error?: MessageError;
  /** Emoji by who reacted: `customer` or an agent's user id. */
  reactions: Record<string, string>;
  media?: StoredMedia;
  /** The agent who wrote an outbound message or note. */
  author?: { id: string; name: string };
}

/** Frames a ConversationRoom sends. Every one carries the room sequence it advanced to. */
export type RoomFrame =
  | { t: "message"; seq: number; message: Message }
  | {
      t: "status";
      seq: number;
      messageId: string;
      status: MessageStatus;
      statusAt: number;
      error?: MessageError;
      statusTimes?: StatusTimes;
      pricing?: MessagePricing;
    }
  | { t: "reaction"; seq: number; messageId: string; by: string; emoji: string | null }
  | { t: "media"; seq: number; messageId: string; media: StoredMedia };

/** Frames a room sends that are not part of its log: no sequence, not replayed. */
export type RoomSignal =
  | { t: "typing"; userId: string; name: string; active: boolean }
  | { t: "viewers"; viewers: { userId: string; name: string }[] }
  /** What a (re)connecting client missed, several frames per socket message, in sequence order. */
  | { t: "replay"; frames: RoomFrame[] }
  /** Sent after a (re)connect's replay: the client is current up to `lastSeq`. */
  | { t: "ready"; lastSeq: number }
  | { t: "error"; code: string; message: string };

/** Frames a client sends to its ConversationRoom socket (`ping` is answered without waking the room). */
/** `focus`: whether the tab is visible and focused; an agent looking at a conversation gets no push for it. */
export type RoomClientFrame =
  | { t: "typing"; active: boolean }
  | { t: "resync"; after: number }
  | { t: "focus"; visible: boolean }
  | { t: "ping" };

/** One row of the conversation list, as the list API returns it and OrgInbox pushes it. */
export interface ConversationSummary {
  id: string;
  contact: { id: string; name: string | null; waId: string | null; userId: string | null; tags: string[] };
  phoneNumberId: string;
  state: "open" | "snoozed" | "closed";
  snoozedUntil: number | null;
  assigneeId: string | null;
  labels: string[];
  roomSeq: number;
  messageCount: number;
  /** Customer messages since the business last wrote: how long they have been waiting. */
  waitingCount: number;
  /** Inbound messages ever; an agent's unread = this − their cursor's count. */
  inboundCount: number;
  lastMessagePreview: string | null;
  lastMessageDirection: Exclude<Direction, "internal"> | null;
  lastMessageAt: number | null;
  lastInboundAt: number | null;
  /** The 24-hour customer-service window: free text is allowed until this time. */
  windowClosesAt: number | null;
}

/** An agent's read position in one conversation. */
export interface ReadCursor {
  conversationId: string;
  readSeq: number;
  inboundCountAtRead: number;
}

/**
 * A contact edit, field by field: only the fields that edit wrote, at the contact's `version` after it.
 * Clients keep the version each field was last set at and apply a field only from a newer frame, so two
 * agents editing one contact never overwrite each other's other fields, and a frame that arrives late
 * cannot undo a newer value.
 */
export interface ContactFrame {
  t: "contact";
  contactId: string;
  version: number;
  changes: Partial<ContactView>;
  /** The agent who edited, or null for Parley itself (an import, a merge). */
  by: string | null;
}

/** A sales order as agents see it change live: the card in its conversation, the contact panel, the orders list. */
export interface OrderSummary {
  id: string;
  number: number;
  contactId: string;
  conversationId: string | null;
  status: OrderStatus;
  source: OrderSource;
  currency: string;
  totalMinor: number;
  /** The WhatsApp `order` message it was drafted from, so that message's card shows it. */
  sourceWamid: string | null;
  updatedAt: number;
}

export type InboxFrame =
  | { t: "conversations"; conversations: ConversationSummary[] }
  | ContactFrame
  /** Contacts deleted or merged into another (`into`): close their screens. */
  | { t: "contacts_removed"; ids: string[]; into?: string }
  /** Too many contacts changed at once (a bulk action, an import) to send field by field: lists reload. */
  | { t: "contacts_changed"; count: number }
  /** An order was created or changed (another agent's edit, a WhatsApp catalog order). */
  | { t: "order"; order: OrderSummary }
  /** A contact import's progress, after each chunk it commits; the import screens filter by id. */
  | { t: "contact_import"; progress: ContactImportView }
  /** Only to the agent whose cursor moved, so "mark as unread" reaches their other tabs. */
  | { t: "read"; cursor: ReadCursor }
  | { t: "presence"; online: string[] }
  /** A running campaign's progress, once per pacing tick (see durable/campaign-runner.ts). */
  | { t: "campaign"; progress: CampaignProgress }
  /** Recipients of a campaign whose delivery moved (sent, delivered, read, replied, failed). */
  | { t: "campaign.recipients"; campaignId: string; updates: RecipientUpdate[] }
  /** The organization's plan or billing standing changed (a Stripe event, a move to Free): owners' screens reload it. */
  | { t: "billing"; plan: string; status: string }
  /** An export, backup or restore moved (after each queue step); only owners' and admins' sockets get it. */
  | { t: "data_job"; progress: DataJobProgress }
  /** API keys, webhook endpoints or a delivery changed: the Integrations screen reloads that part. */
  | { t: "integrations"; what: "keys" | "endpoints" | "deliveries"; endpointId?: string }
  | { t: "ready" };
