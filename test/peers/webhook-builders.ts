import { randomBytes } from "node:crypto";
import { SIGNATURE_HEADER, signMetaBody, signMetaBodySha1 } from "./meta-signature.js";

/** Meta's documentation sample ids, used by the demo organization and the simulator. */
export const DEMO_PHONE_NUMBER_ID = "106540352242922";
export const DEMO_DISPLAY_PHONE_NUMBER = "15550783881";
export const DEMO_WABA_ID = "102290129340398";

export type PricingCategory = "service" | "utility" | "marketing" | "authentication";
export type DeliveryStatus = "sent" | "delivered" | "read" | "failed";

export interface MessageContext {
  from: string;
  id: string;
}

/** The message kinds the simulator produces; Meta's field names, so tests read like Meta's docs. */
export type InboundContent =
  | { type: "text"; text: { body: string } }
  | { type: "image"; image: { id: string; mime_type: string; sha256: string; caption?: string } }
  | { type: "location"; location: { latitude: number; longitude: number; name?: string; address?: string } }
  | { type: "reaction"; reaction: { message_id: string; emoji: string } }
  | { type: "button"; button: { payload: string; text: string } }
  | { type: "order"; order: { catalog_id: string; text?: string; product_items: OrderItemInput[] } };

/** A WhatsApp catalog order line as Meta sends it: price as a decimal in the currency's major unit. */
export interface OrderItemInput {
  product_retailer_id: string;
  quantity: number;
  item_price: number;
  currency: string;
}

/** A click-to-WhatsApp ad the message came from, as Meta sends it (`source_url`, `headline`, `ctwa_clid`, …). */
export type Referral = Record<string, string>;

export type InboundMessageInput = InboundContent & { id?: string; timestamp?: string; context?: MessageContext; referral?: Referral };

export type InboundMessage = InboundContent & {
  from: string;
  from_user_id?: string;
  id: string;
  timestamp: string;
  context?: MessageContext;
  referral?: Referral;
};

export interface StatusError {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
  href: string;
}

export interface StatusUpdate {
  id: string;
  status: DeliveryStatus;
  timestamp: string;
  /** Absent when the message went to a BSUID and Meta may not reveal the phone number. */
  recipient_id?: string;
  recipient_user_id?: string;
  biz_opaque_callback_data?: string;
  conversation?: { id: string; expiration_timestamp?: string; origin: { type: PricingCategory } };
  pricing?: { billable: boolean; pricing_model: "PMP"; category: PricingCategory; type: "regular" | "free_customer_service" };
  errors?: StatusError[];
}

export interface ChangeValue {
  messaging_product: "whatsapp";
  metadata: { display_phone_number: string; phone_number_id: string };
  contacts?: Array<{ profile: { name: string }; wa_id: string; user_id?: string }>;
  messages?: InboundMessage[];
  statuses?: StatusUpdate[];
}

export interface WebhookBody {
  object: "whatsapp_business_account";
  entry: Array<{ id: string; changes: Array<{ value: ChangeValue; field: "messages" }> }>;
}

export interface BusinessNumber {
  phoneNumberId: string;
  /** Digits only: webhook metadata never carries the `+1 555-…` formatting the phone-number GET returns. */
  displayPhoneNumber: string;
  wabaId?: string;
}

/** `wamid.` + standard base64 (with `+`, `/`, `=`), so receivers that put wamids in URLs must encode them. */
export function newWamid(): string {
  return `wamid.${randomBytes(35).toString("base64")}`;
}

/** Meta sends Unix seconds as strings everywhere in webhooks. */
export function unixSeconds(atMs: number = Date.now()): string {
  return String(Math.floor(atMs / 1000));
}

export function inboundMessageBody(
  options: BusinessNumber & {
    from: string;
    userId?: string;
    name: string;
    message: InboundMessageInput | InboundMessageInput[];
  },
): WebhookBody {
  const inputs = Array.isArray(options.message) ? options.message : [options.message];
  const contact = {
    profile: { name: options.name },
    wa_id: options.from,
    ...(options.userId === undefined ? {} : { user_id: options.userId }),
  };
  const messages = inputs.map(
    (input): InboundMessage => ({
      ...input,
      from: options.from,
      ...(options.userId === undefined ? {} : { from_user_id: options.userId }),
      id: input.id ?? newWamid(),
      timestamp: input.timestamp ?? unixSeconds(),
    }),
  );
  return envelope(options, { contacts: [contact], messages });
}

export function statusBody(options: BusinessNumber & { status: StatusUpdate | StatusUpdate[] }): WebhookBody {
  return envelope(options, { statuses: Array.isArray(options.status) ? options.status : [options.status] });
}

export interface StatusUpdateInput {
  wamid: string;
  status: DeliveryStatus;
  recipientId?: string;
  recipientUserId?: string;
  timestamp?: string;
  /** Pricing category of the sent message: `service` for free-form replies inside the 24-hour window. */
  category?: PricingCategory;
  conversationId?: string;
  bizOpaqueCallbackData?: string;
  error?: { code: number; title: string; details: string };
}

/**
 * One status as Meta shapes it at each stage: `sent` carries the conversation with its expiry and the
 * pricing, `delivered` repeats both without the expiry, `read` carries neither, `failed` carries errors.
 */
export function statusUpdate(input: StatusUpdateInput): StatusUpdate {
  const timestamp = input.timestamp ?? unixSeconds();
  const base: StatusUpdate = {
    id: input.wamid,
    status: input.status,
    timestamp,
    ...(input.recipientId === undefined ? {} : { recipient_id: input.recipientId }),
    ...(input.recipientUserId === undefined ? {} : { recipient_user_id: input.recipientUserId }),
    ...(input.bizOpaqueCallbackData === undefined ? {} : { biz_opaque_callback_data: input.bizOpaqueCallbackData }),
  };
  if (input.status === "failed") return { ...base, errors: [statusError(input.error)] };
  if (input.status === "read") return base;
  const category = input.category ?? "service";
  const conversationId = input.conversationId ?? randomBytes(16).toString("hex");
  const expiry = input.status === "sent" ? { expiration_timestamp: String(Number(timestamp) + 24 * 3600) } : {};
  return {
    ...base,
    conversation: { id: conversationId, ...expiry, origin: { type: category } },
    pricing: pricingFor(category),
  };
}

function pricingFor(category: PricingCategory): NonNullable<StatusUpdate["pricing"]> {
  // Per-message pricing (since July 2025): service replies inside the window are free and not billable.
  if (category === "service") return { billable: false, pricing_model: "PMP", category, type: "free_customer_service" };
  return { billable: true, pricing_model: "PMP", category, type: "regular" };
}

function statusError(error: StatusUpdateInput["error"]): StatusError {
  const { code, title, details } = error ?? { code: 131026, title: "Message undeliverable", details: "Unable to deliver message." };
  return {
    code,
    title,
    message: title,
    error_data: { details },
    href: "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
  };
}

function envelope(number: BusinessNumber, value: Omit<ChangeValue, "messaging_product" | "metadata">): WebhookBody {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: number.wabaId ?? DEMO_WABA_ID,
        changes: [
          {
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId },
              ...value,
            },
            field: "messages",
          },
        ],
      },
    ],
  };
}

/**
 * JSON as Meta puts it on the wire: non-ASCII escaped as lowercase `\uXXXX` and `/` as `\/`. Meta signs
 * these escaped bytes, so a receiver that re-serializes the parsed body before checking the signature
 * fails on any emoji or URL, against the peer as against Meta.
 */
export function toMetaJson(body: unknown): string {
  return JSON.stringify(body)
    .replace(/\//g, "\\/")
    .replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export interface SignedWebhook {
  payload: string;
  headers: Record<string, string>;
}

/** The exact bytes and headers of Meta's webhook POST for `body`. */
export function signedWebhook(appSecret: string, body: WebhookBody): SignedWebhook {
  const payload = toMetaJson(body);
  return {
    payload,
    headers: {
      "content-type": "application/json",
      "user-agent": "facebookexternalua",
      [SIGNATURE_HEADER.toLowerCase()]: signMetaBody(appSecret, payload),
      "x-hub-signature": signMetaBodySha1(appSecret, payload),
    },
  };
}
