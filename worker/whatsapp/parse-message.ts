/**
 * Turns one webhook message into Parley's typed content. Never throws: whatever does not fit its
 * type's schema is kept verbatim as an `unsupported` placeholder, so a surprise from Meta costs a
 * grey bubble, not a lost batch.
 */
import { z } from "zod";
import { toAdReferral } from "../../durable/ad-referral";
import type { AdReferral, JsonObject, MessageContent, MessageContext, OrderItem } from "../../durable/protocol";
import type { WebhookMessage } from "./webhook-schema";

const mediaSchema = z.looseObject({
  id: z.string().min(1),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});

const MEDIA_TYPES = ["image", "video", "audio", "document", "sticker"] as const;
type MediaType = (typeof MEDIA_TYPES)[number];
const isMediaType = (t: string): t is MediaType => (MEDIA_TYPES as readonly string[]).includes(t);

const textSchema = z.looseObject({ body: z.string() });
const locationSchema = z.looseObject({
  latitude: z.number(),
  longitude: z.number(),
  name: z.string().optional(),
  address: z.string().optional(),
  url: z.string().optional(),
});
const jsonObject = z.record(z.string(), z.json());
const contactsSchema = z.array(jsonObject).min(1);
const buttonSchema = z.looseObject({ text: z.string(), payload: z.string().optional() });
const systemSchema = z.looseObject({
  body: z.string().optional(),
  type: z.string().optional(),
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  new_wa_id: z.string().optional(),
  new_user_id: z.string().optional(),
});
const interactiveSchema = z.looseObject({
  type: z.string(),
  button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
  list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
  nfm_reply: z.looseObject({ response_json: z.string(), body: z.string().optional(), name: z.string().optional() }).optional(),
});
const orderSchema = z.looseObject({
  catalog_id: z.string().optional(),
  text: z.string().optional(),
  product_items: z
    .array(
      z.looseObject({
        product_retailer_id: z.string(),
        quantity: z.union([z.number(), z.string()]).transform(Number),
        item_price: z.union([z.number(), z.string()]).transform(Number),
        currency: z.string().length(3),
      }),
    )
    .min(1),
});
const reactionSchema = z.looseObject({ message_id: z.string().min(1), emoji: z.string().optional() });

export interface ParsedMessage {
  content: MessageContent;
  context?: MessageContext;
  referral?: AdReferral;
}

export function parseMessage(msg: WebhookMessage): ParsedMessage {
  const content = parseContent(msg) ?? unsupported(msg);
  const context = parseContext(msg.context);
  const json = msg.referral && jsonObject.safeParse(msg.referral);
  const referral = json?.success ? toAdReferral(json.data, msg.timestamp) : null;
  return { content, ...(context && { context }), ...(referral && { referral }) };
}

/** A reaction is not a bubble: it changes another message. Both removal forms mean "no emoji". */
export function parseReaction(msg: WebhookMessage): { targetWamid: string; emoji: string | null } | null {
  const r = reactionSchema.safeParse(msg.reaction);
  if (!r.success) return null;
  return { targetWamid: r.data.message_id, emoji: r.data.emoji ? r.data.emoji : null };
}

function parseContent(msg: WebhookMessage): MessageContent | null {
  const payload: unknown = msg[msg.type];
  if (isMediaType(msg.type)) {
    const m = mediaSchema.safeParse(payload);
    if (!m.success) return null;
    return {
      type: msg.type,
      mediaId: m.data.id,
      ...(m.data.mime_type && { mimeType: m.data.mime_type }),
      ...(m.data.sha256 && { sha256: m.data.sha256 }),
      ...(m.data.caption !== undefined && { caption: m.data.caption }),
      ...(m.data.filename !== undefined && { filename: m.data.filename }),
      ...(m.data.voice !== undefined && { voice: m.data.voice }),
      ...(m.data.animated !== undefined && { animated: m.data.animated }),
    };
  }
  switch (msg.type) {
    case "text": {
      const t = textSchema.safeParse(payload);
      return t.success ? { type: "text", body: t.data.body } : null;
    }
    case "location": {
      const l = locationSchema.safeParse(payload);
      return l.success ? { type: "location", ...l.data } : null;
    }
    case "contacts": {
      const c = contactsSchema.safeParse(payload);
      return c.success ? { type: "contacts", contacts: c.data } : null;
    }
    case "button": {
      const b = buttonSchema.safeParse(payload);
      return b.success ? { type: "button", text: b.data.text, ...(b.data.payload && { payload: b.data.payload }) } : null;
    }
    case "interactive":
      return parseInteractive(payload);
    case "order":
      return parseOrder(payload);
    case "system": {
      const s = systemSchema.safeParse(payload);
      if (!s.success) return null;
      const newWaId = s.data.wa_id || s.data.new_wa_id;
      const newUserId = s.data.new_user_id || s.data.user_id;
      return {
        type: "system",
        systemType: s.data.type ?? "unknown",
        body: s.data.body ?? "",
        ...(newWaId && { newWaId }),
        ...(newUserId && { newUserId }),
      };
    }
    case "request_welcome":
      return { type: "request_welcome" };
    default:
      return null;
  }
}

function parseInteractive(payload: unknown): MessageContent | null {
  const i = interactiveSchema.safeParse(payload);
  if (!i.success) return null;
  const { button_reply, list_reply, nfm_reply } = i.data;
  if (i.data.type === "button_reply" && button_reply) {
    return { type: "interactive", replyType: "button_reply", id: button_reply.id, title: button_reply.title };
  }
  if (i.data.type === "list_reply" && list_reply) {
    return {
      type: "interactive",
      replyType: "list_reply",
      id: list_reply.id,
      title: list_reply.title,
      ...(list_reply.description !== undefined && { description: list_reply.description }),
    };
  }
  if (i.data.type === "nfm_reply" && nfm_reply) {
    return {
      type: "interactive",
      replyType: "nfm_reply",
      flowResponse: parseFlowResponse(nfm_reply.response_json),
      flowResponseRaw: nfm_reply.response_json,
      ...(nfm_reply.name !== undefined && { flowName: nfm_reply.name }),
      ...(nfm_reply.body !== undefined && { title: nfm_reply.body }),
    };
  }
  return null;
}

/** `response_json` is a string of JSON written by the flow's author: trust nothing about it. */
function parseFlowResponse(raw: string): JsonObject | null {
  try {
    const value = jsonObject.safeParse(JSON.parse(raw));
    return value.success ? value.data : null;
  } catch {
    return null;
  }
}

function parseOrder(payload: unknown): MessageContent | null {
  const o = orderSchema.safeParse(payload);
  if (!o.success) return null;
  const items: OrderItem[] = o.data.product_items.map((p) => ({
    productRetailerId: p.product_retailer_id,
    quantity: p.quantity,
    itemPriceMinor: toMinorUnits(p.item_price, p.currency),
    currency: p.currency.toUpperCase(),
  }));
  const currencies = new Set(items.map((i) => i.currency));
  // A total only makes sense in one currency; Meta's catalogs are single-currency in practice.
  const currency = currencies.size === 1 ? [...currencies][0]! : null;
  const totalMinor = currency ? items.reduce((sum, i) => sum + i.itemPriceMinor * i.quantity, 0) : 0;
  return {
    type: "order",
    items,
    totalMinor,
    currency,
    ...(o.data.catalog_id !== undefined && { catalogId: o.data.catalog_id }),
    ...(o.data.text !== undefined && { text: o.data.text }),
  };
}

/** Meta sends prices as decimals (12.5); money is kept in the currency's minor units. */
export function toMinorUnits(amount: number, currency: string): number {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // Unknown ISO code: two decimals, the common case.
  }
  return Math.round(amount * 10 ** digits);
}

function parseContext(ctx: Record<string, unknown> | undefined): MessageContext | undefined {
  if (!ctx) return undefined;
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const product = ctx.referred_product as Record<string, unknown> | undefined;
  const context: MessageContext = {
    ...(str(ctx.id) && { quotedWamid: str(ctx.id) }),
    ...(str(ctx.from) && { quotedFrom: str(ctx.from) }),
    ...(ctx.forwarded === true && { forwarded: true }),
    ...(ctx.frequently_forwarded === true && { frequentlyForwarded: true }),
    ...(product &&
      typeof product === "object" && {
        referredProduct: {
          ...(str(product.catalog_id) && { catalogId: str(product.catalog_id) }),
          ...(str(product.product_retailer_id) && { productRetailerId: str(product.product_retailer_id) }),
        },
      }),
  };
  return Object.keys(context).length ? context : undefined;
}

function unsupported(msg: WebhookMessage): MessageContent {
  const { id: _id, from: _from, from_user_id: _u, timestamp: _t, ...rest } = msg;
  // Parsed from the webhook's JSON text, so every value in it is JSON.
  const raw = rest as unknown as JsonObject;
  return { type: "unsupported", originalType: msg.type, raw, ...(Array.isArray(raw.errors) && { errors: raw.errors }) };
}
