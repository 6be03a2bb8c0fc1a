import { isRecord } from "./is-record.js";
import { invalidParameterError, type MetaErrorSpec } from "./meta-errors.js";
import { checkTemplateSend, type MessageTemplate } from "./meta-templates.js";

/** A validated `POST /{phone-number-id}/messages` body. */
export type SendRequest =
  | { kind: "message"; to?: string; recipient?: string; type: string; bizOpaqueCallbackData?: string; templateName?: string }
  | { kind: "mark-read"; messageId: string };

export type SendCheck = { ok: true; request: SendRequest } | { ok: false; error: MetaErrorSpec };

const MEDIA_TYPES = new Set(["image", "audio", "video", "document", "sticker"]);
const OTHER_TYPES = new Set(["text", "location", "contacts", "interactive", "template", "reaction"]);

/** Mirrors the synchronous checks Meta makes before it hands out a wamid. */
export function checkSendRequest(body: unknown, templates: readonly MessageTemplate[]): SendCheck {
  if (!isRecord(body)) return fail(invalidParameterError("Invalid parameter"));
  if (body.messaging_product !== "whatsapp") return fail(required("messaging_product"));
  // Mark-as-read shares the /messages endpoint; it has no recipient and answers { success: true }.
  if (body.status === "read") {
    return typeof body.message_id === "string"
      ? { ok: true, request: { kind: "mark-read", messageId: body.message_id } }
      : fail(required("message_id"));
  }
  const to = optionalString(body.to);
  const recipient = optionalString(body.recipient);
  if (to === undefined && recipient === undefined) return fail(required("to"));
  // Meta defaults a missing `type` to text.
  const type = body.type === undefined ? "text" : body.type;
  if (typeof type !== "string" || !(MEDIA_TYPES.has(type) || OTHER_TYPES.has(type))) {
    return fail(invalidParameterError(`Param type must be one of {${[...OTHER_TYPES, ...MEDIA_TYPES].join(", ")}}`));
  }
  const contentError = checkContent(type, body[type], templates);
  if (contentError !== undefined) return fail(contentError);
  const template = body.template;
  return {
    ok: true,
    request: {
      kind: "message",
      type,
      ...(to === undefined ? {} : { to }),
      ...(recipient === undefined ? {} : { recipient }),
      ...(typeof body.biz_opaque_callback_data === "string" ? { bizOpaqueCallbackData: body.biz_opaque_callback_data } : {}),
      ...(type === "template" && isRecord(template) && typeof template.name === "string" ? { templateName: template.name } : {}),
    },
  };
}

function checkContent(type: string, content: unknown, templates: readonly MessageTemplate[]): MetaErrorSpec | undefined {
  if (type === "template") return checkTemplateSend(templates, content);
  if (type === "contacts") return Array.isArray(content) ? undefined : required("contacts");
  if (!isRecord(content)) return required(type);
  if (type === "text" && typeof content.body !== "string") return required("text['body']");
  if (MEDIA_TYPES.has(type) && typeof content.id !== "string" && typeof content.link !== "string") {
    return invalidParameterError(`Param ${type} must contain either id or link`);
  }
  if (type === "reaction" && (typeof content.message_id !== "string" || typeof content.emoji !== "string")) {
    return required("reaction['message_id']");
  }
  if (type === "location" && (content.latitude === undefined || content.longitude === undefined)) {
    return required("location['latitude']");
  }
  return undefined;
}

/**
 * The WhatsApp id Meta answers for an input number: digits only, and for Mexico the mobile `1` after the
 * country code comes back even when the input left it out, so a CRM must key contacts by `wa_id`, never
 * by what it typed into `to`.
 */
export function waIdFor(input: string): string {
  const digits = input.replace(/\D/g, "");
  return digits.startsWith("52") && digits.length === 12 ? `521${digits.slice(2)}` : digits;
}

function required(name: string): MetaErrorSpec {
  return invalidParameterError(`The parameter ${name} is required.`);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function fail(error: MetaErrorSpec): SendCheck {
  return { ok: false, error };
}
