/**
 * Meta's webhook body → typed events, grouped by the business number that received them.
 * Pure: no I/O, so every shape Meta sends is tested without a runtime.
 */
import { z } from "zod";
import type { DeliveryStatus, MessageError, MessagePricing } from "../../durable/protocol";
import type { Identity, RoomEvent } from "../../durable/room-api";
import { AppError } from "../errors";
import { parseMessage, parseReaction } from "./parse-message";
import type { TemplateStatusEvent } from "../inbox/templates";
import {
  messagesValueSchema,
  templateStatusValueSchema,
  userPreferencesValueSchema,
  webhookBodySchema,
  type WebhookContact,
  type WebhookMessage,
  type WebhookStatus,
} from "./webhook-schema";

/** An event about one customer, in webhook order. */
export interface CustomerEvent {
  customer: Identity;
  /** Profile name from `contacts[]`, matched by identity, never by position. */
  profileName?: string;
  event: RoomEvent;
}

export interface PreferenceEvent {
  customer: Identity;
  category: string;
  optOut: boolean;
  at: number;
}

export interface NumberEvents {
  phoneNumberId: string;
  events: CustomerEvent[];
  preferences: PreferenceEvent[];
}

export interface ParsedWebhook {
  numbers: NumberEvents[];
  templateStatuses: TemplateStatusEvent[];
  /** What was acknowledged without effect, for the log: fields and objects Parley does not handle. */
  ignored: string[];
}

const DELIVERY_STATUSES: readonly string[] = ["sent", "delivered", "read", "played", "failed"] satisfies DeliveryStatus[];

/** Meta's billing fields on a status; loose, since a surprise here must cost the pricing, never the batch. */
const pricingSchema = z.looseObject({
  billable: z.boolean().optional(),
  pricing_model: z.string().optional(),
  type: z.string().optional(),
  category: z.string().optional(),
});
const statusConversationSchema = z.looseObject({ origin: z.looseObject({ type: z.string().optional() }).optional() });

export function parseWebhook(json: unknown): ParsedWebhook {
  // Other products' webhooks (Pages, Instagram) have other shapes: acknowledge them before validating.
  const object = json !== null && typeof json === "object" && "object" in json ? json.object : undefined;
  if (typeof object === "string" && object !== "whatsapp_business_account")
    return { numbers: [], templateStatuses: [], ignored: [`object:${object}`] };
  const body = webhookBodySchema.safeParse(json);
  if (!body.success) throw invalid(body.error.issues[0]);
  const ignored: string[] = [];
  const templateStatuses: TemplateStatusEvent[] = [];
  const byNumber = new Map<string, NumberEvents>();
  const forNumber = (phoneNumberId: string) => {
    let n = byNumber.get(phoneNumberId);
    if (!n) byNumber.set(phoneNumberId, (n = { phoneNumberId, events: [], preferences: [] }));
    return n;
  };

  for (const entry of body.data.entry) {
    for (const change of entry.changes) {
      if (change.field === "messages") {
        const value = messagesValueSchema.safeParse(change.value);
        if (!value.success) throw invalid(value.error.issues[0]);
        const { metadata, contacts = [], messages = [], statuses = [] } = value.data;
        const target = forNumber(metadata.phone_number_id);
        for (const m of messages) {
          const e = messageEvent(m, metadata.phone_number_id, contacts);
          if (e) target.events.push(e);
          else ignored.push(`message-without-sender:${m.id}`);
        }
        for (const s of statuses) {
          const e = statusEvent(s);
          if (e) target.events.push(e);
          else ignored.push(`status:${s.status}:${s.id}`);
        }
      } else if (change.field === "user_preferences") {
        const value = userPreferencesValueSchema.safeParse(change.value);
        if (!value.success) throw invalid(value.error.issues[0]);
        const target = forNumber(value.data.metadata.phone_number_id);
        for (const p of value.data.user_preferences) {
          const customer = identity(p.wa_id, p.user_id);
          if (!customer || (p.value !== "stop" && p.value !== "resume")) continue;
          target.preferences.push({ customer, category: p.category, optOut: p.value === "stop", at: p.timestamp });
        }
      } else if (change.field === "message_template_status_update") {
        const value = templateStatusValueSchema.safeParse(change.value);
        if (!value.success) throw invalid(value.error.issues[0]);
        const v = value.data;
        templateStatuses.push({
          wabaId: entry.id,
          name: v.message_template_name,
          language: v.message_template_language,
          status: v.event,
          reason: v.reason && v.reason !== "NONE" ? v.reason : null,
        });
      } else {
        ignored.push(`field:${change.field}`);
      }
    }
  }
  return { numbers: [...byNumber.values()], templateStatuses, ignored };
}

/** `""` means absent: since 2026 Meta may blank the phone of users who chose a username. */
function identity(waId: string | undefined, userId: string | undefined): Identity | null {
  const id: Identity = { ...(waId && { waId }), ...(userId && { userId }) };
  return id.waId || id.userId ? id : null;
}

function messageEvent(m: WebhookMessage, phoneNumberId: string, contacts: WebhookContact[]): CustomerEvent | null {
  const customer = identity(m.from, m.from_user_id);
  if (!customer) return null;
  const card = contacts.find((c) => (customer.waId && c.wa_id === customer.waId) || (customer.userId && c.user_id === customer.userId));
  const profileName = card?.profile?.name || undefined;
  const base = { customer, ...(profileName && { profileName }) };
  if (m.type === "reaction") {
    const r = parseReaction(m);
    if (r) return { ...base, event: { kind: "reaction", reaction: { wamid: m.id, at: m.timestamp, ...r } } };
  }
  const parsed = parseMessage(m);
  return { ...base, event: { kind: "message", message: { wamid: m.id, phoneNumberId, waTimestamp: m.timestamp, ...parsed } } };
}

function statusEvent(s: WebhookStatus): CustomerEvent | null {
  const customer = identity(s.recipient_id, s.recipient_user_id);
  if (!customer || !DELIVERY_STATUSES.includes(s.status)) return null;
  const first = s.errors?.[0];
  const pricing = pricingOf(s);
  const error: MessageError | undefined = first && {
    code: first.code,
    title: first.title ?? first.message ?? "Unknown error",
    ...(first.message && { message: first.message }),
    ...(first.error_data?.details && { details: first.error_data.details }),
  };
  return {
    customer,
    event: {
      kind: "status",
      status: {
        wamid: s.id,
        status: s.status as DeliveryStatus,
        at: s.timestamp,
        ...(error && { error }),
        ...(s.biz_opaque_callback_data && { callbackData: s.biz_opaque_callback_data }),
        ...(pricing && { pricing }),
      },
    },
  };
}

function pricingOf(s: WebhookStatus): MessagePricing | undefined {
  const p = pricingSchema.safeParse(s.pricing);
  if (!p.success) return undefined;
  const origin = statusConversationSchema.safeParse(s.conversation);
  const originType = origin.success ? origin.data.origin?.type : undefined;
  return {
    category: p.data.category ?? null,
    billable: p.data.billable ?? null,
    ...(p.data.pricing_model && { model: p.data.pricing_model }),
    ...(p.data.type && { type: p.data.type }),
    ...(originType && { originType }),
  };
}

function invalid(issue: { path: PropertyKey[]; message: string } | undefined): AppError {
  const where = issue?.path.length ? ` at ${issue.path.map(String).join(".")}` : "";
  return new AppError(400, "invalid_webhook", `Webhook body does not match Meta's shape${where}: ${issue?.message ?? "invalid"}`);
}
