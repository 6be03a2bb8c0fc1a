/**
 * Response schemas of conversations, messages, templates and canned responses. The message and
 * conversation shapes mirror durable/protocol.ts (what rooms store and sockets carry); the Assert lines
 * fail the typecheck if either side changes without the other.
 */
import { createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { cannedResponses, templates } from "../../../db/schema";
import type { AdAttribution, ConversationSummary, JsonValue, Message, ReadCursor } from "../../../durable/protocol";
import type { Assert, Same } from "./assert";
import { ms } from "./common";

// Any JSON, as an open schema: a recursive one would make generated client types refer to themselves.
const json = z.custom<JsonValue>(() => true).meta({ description: "Any JSON value" });
const jsonObject = z.record(z.string(), json);

const mediaRef = {
  mediaId: z.string(),
  mimeType: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
};

const orderItem = z.strictObject({ productRetailerId: z.string(), quantity: z.number(), itemPriceMinor: z.int(), currency: z.string() });

export const messageContent = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("text"), body: z.string() }),
  z.strictObject({ type: z.enum(["image", "video", "audio", "document", "sticker"]), ...mediaRef }),
  z.strictObject({
    type: z.literal("location"),
    latitude: z.number(),
    longitude: z.number(),
    name: z.string().optional(),
    address: z.string().optional(),
    url: z.string().optional(),
  }),
  z.strictObject({ type: z.literal("contacts"), contacts: z.array(jsonObject) }),
  z.strictObject({
    type: z.literal("interactive"),
    replyType: z.enum(["button_reply", "list_reply", "nfm_reply", "unknown"]),
    id: z.string().optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    flowResponse: jsonObject.nullable().optional(),
    flowResponseRaw: z.string().optional(),
    flowName: z.string().optional(),
  }),
  z.strictObject({ type: z.literal("button"), text: z.string(), payload: z.string().optional() }),
  z.strictObject({
    type: z.literal("order"),
    catalogId: z.string().optional(),
    text: z.string().optional(),
    items: z.array(orderItem),
    totalMinor: z.int(),
    currency: z.string().nullable(),
  }),
  z.strictObject({
    type: z.literal("system"),
    systemType: z.string(),
    body: z.string(),
    newWaId: z.string().optional(),
    newUserId: z.string().optional(),
  }),
  z.strictObject({ type: z.literal("request_welcome") }),
  z.strictObject({ type: z.literal("template"), name: z.string(), language: z.string(), params: z.array(z.string()), preview: z.string() }),
  z.strictObject({ type: z.literal("reaction"), targetMessageId: z.string(), emoji: z.string().nullable() }),
  z.strictObject({ type: z.literal("note"), body: z.string() }),
  z.strictObject({ type: z.literal("unsupported"), originalType: z.string(), raw: jsonObject, errors: z.array(json).optional() }),
]);

export const status = z.enum(["queued", "sent", "delivered", "read", "played", "failed"]);
const deliveryStatus = status.exclude(["queued"]);
const messageError = z.strictObject({ code: z.int(), title: z.string(), message: z.string().optional(), details: z.string().optional() });

export const messageOut = z.strictObject({
  id: z.string().describe("Parley's id; for sends, the clientId the sender chose"),
  seq: z.int().describe("The room sequence of the event that created the message"),
  wamid: z.string().nullable(),
  direction: z.enum(["inbound", "outbound", "internal"]),
  content: messageContent,
  context: z
    .strictObject({
      quotedWamid: z.string().optional(),
      quotedFrom: z.string().optional(),
      forwarded: z.boolean().optional(),
      frequentlyForwarded: z.boolean().optional(),
      referredProduct: z.strictObject({ catalogId: z.string().optional(), productRetailerId: z.string().optional() }).optional(),
    })
    .optional(),
  waTimestamp: ms,
  receivedAt: ms,
  status: status.nullable(),
  statusAt: ms.nullable(),
  statusTimes: z.partialRecord(deliveryStatus, ms).optional(),
  pricing: z
    .strictObject({
      category: z.string().nullable(),
      billable: z.boolean().nullable(),
      model: z.string().optional(),
      type: z.string().optional(),
      originType: z.string().optional(),
    })
    .optional(),
  error: messageError.optional(),
  reactions: z.record(z.string(), z.string()).describe("Emoji by who reacted: `customer` or an agent's user id"),
  media: z
    .strictObject({
      state: z.enum(["pending", "stored", "failed"]),
      r2Key: z.string().optional(),
      size: z.int().optional(),
      mimeType: z.string().optional(),
      error: z.string().optional(),
    })
    .optional(),
  author: z.strictObject({ id: z.string(), name: z.string() }).optional(),
});
export type _MessageMatches = Assert<Same<z.output<typeof messageOut>, Message>>;

export const conversationOut = z.strictObject({
  id: z.string(),
  contact: z.strictObject({
    id: z.string(),
    name: z.string().nullable(),
    waId: z.string().nullable(),
    userId: z.string().nullable(),
    tags: z.array(z.string()),
  }),
  phoneNumberId: z.string(),
  state: z.enum(["open", "snoozed", "closed"]),
  snoozedUntil: ms.nullable(),
  assigneeId: z.string().nullable(),
  labels: z.array(z.string()),
  roomSeq: z.int(),
  messageCount: z.int(),
  waitingCount: z.int().describe("Customer messages since the business last wrote"),
  inboundCount: z.int(),
  lastMessagePreview: z.string().nullable(),
  lastMessageDirection: z.enum(["inbound", "outbound"]).nullable(),
  lastMessageAt: ms.nullable(),
  lastInboundAt: ms.nullable(),
  windowClosesAt: ms.nullable().describe("Free text is allowed until this time (the 24-hour window)"),
});
export type _ConversationMatches = Assert<Same<z.output<typeof conversationOut>, ConversationSummary>>;

export const readCursorOut = z.strictObject({ conversationId: z.string(), readSeq: z.int(), inboundCountAtRead: z.int() });
export type _CursorMatches = Assert<Same<z.output<typeof readCursorOut>, ReadCursor>>;

const adReferral = z.strictObject({
  sourceId: z.string().optional(),
  sourceType: z.string().optional(),
  sourceUrl: z.string().optional(),
  headline: z.string().optional(),
  body: z.string().optional(),
  ctwaClid: z.string().optional(),
  mediaType: z.string().optional(),
  imageUrl: z.string().optional(),
  videoUrl: z.string().optional(),
  thumbnailUrl: z.string().optional(),
  at: ms,
});
const attributionOut = z.strictObject({ firstTouch: adReferral, lastTouch: adReferral });
export type _AttributionMatches = Assert<Same<z.output<typeof attributionOut>, AdAttribution>>;

export const conversationListOut = z.strictObject({
  conversations: z.array(conversationOut),
  cursors: z.array(readCursorOut).describe("Your read cursors for the conversations on this page"),
  nextCursor: z.string().nullable(),
});
export const conversationDetailOut = z.strictObject({ conversation: conversationOut, attribution: attributionOut.nullable() });
export const conversationRowOut = z.strictObject({ conversation: conversationOut });
export const historyOut = z.strictObject({
  messages: z.array(messageOut),
  lastSeq: z.int(),
  hasMore: z.boolean(),
  hasNewer: z.boolean().optional().describe("Only for `around`: newer messages follow the page"),
});
export const messageWrapOut = z.strictObject({ message: messageOut });
export const sentOut = z.strictObject({
  message: messageOut,
  duplicate: z.boolean().describe("true: this clientId was sent before; nothing new was sent"),
});
export const uploadOut = z.strictObject({ uploadId: z.string(), mimeType: z.string(), size: z.int(), filename: z.string().optional() });
export const cursorOut = z.strictObject({ cursor: readCursorOut });

export const templatesOut = z.strictObject({ templates: z.array(createSelectSchema(templates).omit({ orgId: true }).strict()) });
export const syncedOut = z.strictObject({ synced: z.int() });
const cannedOut = createSelectSchema(cannedResponses).omit({ orgId: true }).strict();
export const cannedListOut = z.strictObject({ cannedResponses: z.array(cannedOut) });
export const cannedOneOut = z.strictObject({ cannedResponse: cannedOut });
