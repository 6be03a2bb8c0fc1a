import { randomBytes } from "node:crypto";
import { invalidParameterError, metaErrorEnvelope, unknownObjectError, unknownPathError, type MetaErrorSpec } from "./meta-errors.js";
import type { MatchedFailure } from "./meta-failure-rules.js";
import { mediaMetadata, type MediaStore } from "./meta-media.js";
import { checkSendRequest, waIdFor, type SendRequest } from "./meta-send.js";
import type { AcceptedSend, StatusCallbacks } from "./meta-status-callbacks.js";
import { filterTemplates, pricingCategoryOf, type MessageTemplate } from "./meta-templates.js";
import { DEMO_DISPLAY_PHONE_NUMBER, newWamid, type PricingCategory } from "./webhook-builders.js";

export interface PhoneNumberInfo {
  id: string;
  /** Digits only, as in webhook metadata; the GET answers it formatted (`+1 555-078-3881`), as Meta does. */
  displayPhoneNumber: string;
  verifiedName: string;
  qualityRating: "GREEN" | "YELLOW" | "RED" | "UNKNOWN";
}

/** A message the peer accepted; `failedWith` is set when a rule made it fail by status webhook. */
export interface SentRecord {
  wamid: string;
  phoneNumberId: string;
  body: unknown;
  failedWith?: MetaErrorSpec;
}

export interface PeerState {
  baseUrl: string;
  media: MediaStore;
  templates: MessageTemplate[];
  phoneNumbers: Map<string, PhoneNumberInfo>;
  callbacks: StatusCallbacks;
  sends: SentRecord[];
  /** One conversation id per (number, recipient, category), like Meta's pricing conversations. */
  conversations: Map<string, string>;
}

export interface GraphRequest {
  method: string;
  /** Path without the `/vNN.N` prefix. */
  path: string;
  query: URLSearchParams;
  contentType: string;
  body: Buffer;
}

export type Reply =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; bytes: Uint8Array; contentType: string };

export function errorReply(spec: MetaErrorSpec): Reply {
  const headers: Record<string, string> = {};
  if (spec.retryAfter !== undefined) headers["retry-after"] = String(spec.retryAfter);
  if (spec.code === 190) headers["www-authenticate"] = `OAuth "Facebook Platform" "invalid_token" "${spec.message}"`;
  return { status: spec.status, json: metaErrorEnvelope(spec), headers };
}

export async function routeGraphRequest(state: PeerState, request: GraphRequest, failure?: MatchedFailure): Promise<Reply> {
  const segments = request.path
    .split("/")
    .filter((segment) => segment.length > 0)
    .map(decodeURIComponent);
  const [first, second] = segments;
  if (segments.length === 2 && first !== undefined && second !== undefined) {
    if (request.method === "GET" && first === "media-download") return downloadMedia(state, second);
    if (request.method === "POST" && second === "messages") return sendMessage(state, first, request, failure);
    if (request.method === "POST" && second === "media") return uploadMedia(state, request);
    if (request.method === "GET" && second === "message_templates") return listTemplates(state, request.query);
    if (request.method === "GET" && second === "phone_numbers") return listPhoneNumbers(state);
  }
  if (segments.length === 1 && first !== undefined) {
    if (request.method === "GET") return getObject(state, first);
    if (request.method === "DELETE") return deleteMedia(state, first);
  }
  return errorReply(unknownPathError(request.path));
}

function sendMessage(state: PeerState, phoneNumberId: string, request: GraphRequest, failure?: MatchedFailure): Reply {
  const body = parseJson(request.body);
  const check = checkSendRequest(body, state.templates);
  if (!check.ok) return errorReply(check.error);
  if (check.request.kind === "mark-read") return { status: 200, json: { success: true } };
  const accepted = acceptSend(state, phoneNumberId, check.request);
  const record: SentRecord = { wamid: accepted.wamid, phoneNumberId, body };
  state.sends.push(record);
  if (failure?.via === "status-webhook") {
    record.failedWith = failure.spec;
    state.callbacks.afterFailedSend(accepted, {
      code: failure.spec.code,
      title: failure.spec.message.replace(/^\(#\d+\) /, ""),
      details: failure.spec.details ?? failure.spec.message,
    });
  } else {
    state.callbacks.afterSend(accepted);
  }
  return { status: 200, json: sendResponse(check.request, accepted) };
}

function acceptSend(state: PeerState, phoneNumberId: string, request: Extract<SendRequest, { kind: "message" }>): AcceptedSend {
  const recipientId = request.to === undefined ? undefined : waIdFor(request.to);
  const category = categoryOf(state, request);
  const conversationKey = `${phoneNumberId}:${recipientId ?? request.recipient}:${category}`;
  const conversationId = state.conversations.get(conversationKey) ?? randomBytes(16).toString("hex");
  state.conversations.set(conversationKey, conversationId);
  return {
    wamid: newWamid(),
    phoneNumberId,
    displayPhoneNumber: state.phoneNumbers.get(phoneNumberId)?.displayPhoneNumber ?? DEMO_DISPLAY_PHONE_NUMBER,
    category,
    conversationId,
    ...(recipientId === undefined ? {} : { recipientId }),
    ...(request.recipient === undefined ? {} : { recipientUserId: request.recipient }),
    ...(request.bizOpaqueCallbackData === undefined ? {} : { bizOpaqueCallbackData: request.bizOpaqueCallbackData }),
  };
}

function categoryOf(state: PeerState, request: Extract<SendRequest, { kind: "message" }>): PricingCategory {
  if (request.templateName === undefined) return "service";
  return pricingCategoryOf(state.templates.find((template) => template.name === request.templateName));
}

function sendResponse(request: Extract<SendRequest, { kind: "message" }>, accepted: AcceptedSend): unknown {
  const contact =
    request.to === undefined
      ? { input: request.recipient, user_id: request.recipient }
      : { input: request.to, wa_id: accepted.recipientId };
  // Only template sends carry message_status; Meta may answer `held_for_quality_assessment` or `paused`.
  const message = request.type === "template" ? { id: accepted.wamid, message_status: "accepted" } : { id: accepted.wamid };
  return { messaging_product: "whatsapp", contacts: [contact], messages: [message] };
}

function getObject(state: PeerState, id: string): Reply {
  const blob = state.media.get(id);
  if (blob !== undefined) return { status: 200, json: mediaMetadata(blob, state.baseUrl) };
  const phone = state.phoneNumbers.get(id);
  if (phone !== undefined) return { status: 200, json: phoneNumberJson(phone) };
  return errorReply(unknownObjectError(id, "get"));
}

function phoneNumberJson(phone: PhoneNumberInfo): Record<string, unknown> {
  return {
    verified_name: phone.verifiedName,
    code_verification_status: "VERIFIED",
    display_phone_number: formatDisplayNumber(phone.displayPhoneNumber),
    quality_rating: phone.qualityRating,
    platform_type: "CLOUD_API",
    throughput: { level: "STANDARD" },
    id: phone.id,
  };
}

function formatDisplayNumber(digits: string): string {
  const nanp = /^1(\d{3})(\d{3})(\d{4})$/.exec(digits);
  return nanp === null ? `+${digits}` : `+1 ${nanp[1]}-${nanp[2]}-${nanp[3]}`;
}

function listPhoneNumbers(state: PeerState): Reply {
  return { status: 200, json: { data: [...state.phoneNumbers.values()].map(phoneNumberJson), paging: cursors() } };
}

function listTemplates(state: PeerState, query: URLSearchParams): Reply {
  return { status: 200, json: { data: filterTemplates(state.templates, query), paging: cursors() } };
}

/** Meta pages with opaque cursors and adds `next` only when there is more; the peer returns one page. */
function cursors(): Record<string, unknown> {
  return { cursors: { before: "MAZDZD", after: "MjQZD" } };
}

function downloadMedia(state: PeerState, id: string): Reply {
  const blob = state.media.get(id);
  if (blob === undefined) return errorReply({ status: 404, code: 100, message: "Media not found" });
  return { status: 200, bytes: blob.bytes, contentType: blob.mimeType };
}

function deleteMedia(state: PeerState, id: string): Reply {
  return state.media.delete(id) ? { status: 200, json: { success: true } } : errorReply(unknownObjectError(id, "delete"));
}

/** `POST /{phone-number-id}/media`, multipart with `messaging_product`, `file` and `type`, answers `{ id }`. */
async function uploadMedia(state: PeerState, request: GraphRequest): Promise<Reply> {
  if (!request.contentType.startsWith("multipart/form-data")) return errorReply(invalidParameterError("The parameter file is required."));
  const form = await new Request("http://peer.invalid/", {
    method: "POST",
    headers: { "content-type": request.contentType },
    body: new Uint8Array(request.body),
  }).formData();
  if (form.get("messaging_product") !== "whatsapp")
    return errorReply(invalidParameterError("The parameter messaging_product is required."));
  const file = form.get("file");
  if (!(file instanceof Blob)) return errorReply(invalidParameterError("The parameter file is required."));
  const declared = form.get("type");
  const mimeType = typeof declared === "string" && declared.length > 0 ? declared : file.type;
  const { id } = state.media.register({ bytes: new Uint8Array(await file.arrayBuffer()), mimeType });
  return { status: 200, json: { id } };
}

export function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}
