import { randomBytes } from "node:crypto";

/** What the peer needs to answer one Graph API error. */
export interface MetaErrorSpec {
  status: number;
  code: number;
  message: string;
  subcode?: number;
  details?: string;
  type?: string;
  retryAfter?: number;
}

/** Meta's error body, the same for every Graph API route. */
export interface MetaErrorEnvelope {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product: "whatsapp"; details: string };
    fbtrace_id: string;
  };
}

/** Meta's per-request trace id: 23 URL-safe base64 characters; support asks for it. */
export function newFbtraceId(): string {
  return randomBytes(18).toString("base64url").slice(0, 23);
}

export function metaErrorEnvelope(spec: MetaErrorSpec): MetaErrorEnvelope {
  return {
    error: {
      message: spec.message,
      type: spec.type ?? "OAuthException",
      code: spec.code,
      ...(spec.subcode === undefined ? {} : { error_subcode: spec.subcode }),
      ...(spec.details === undefined ? {} : { error_data: { messaging_product: "whatsapp", details: spec.details } }),
      fbtrace_id: newFbtraceId(),
    },
  };
}

/**
 * Presets for `peer.fail({ ...metaFailures.rateLimit, times: 2 })`.
 *
 * - pairRateLimit (131056): too many messages to one recipient; spamRateLimit (131048): a quality limit.
 * - rateLimit (130429) / businessRateLimit (80007): throughput caps. Meta's error table lists HTTP 400 for
 *   both; the presets answer 429 so the status-based retry path is exercised. Use `{ ...preset, status: 400 }`
 *   to check that the client also classifies by code, as it must against the real API.
 * - serverError (code 1, HTTP 500) and serviceUnavailable (code 2, HTTP 503): transient, retry with backoff.
 * - reEngagement (131047): free text outside the 24-hour customer-service window; needs a template.
 * - marketingOptOut (131050): the user stopped marketing messages from this business; do not retry.
 * - undeliverable (131026): not a WhatsApp user, old app, or similar; do not retry.
 *
 * The last three usually arrive from Meta as a `failed` status webhook after a 200 send, not as a sync
 * error; add `via: 'status-webhook'` to a rule to get that behaviour.
 */
export const metaFailures = {
  rateLimit: { status: 429, code: 130429, message: "(#130429) Rate limit hit", details: "Cloud API message throughput has been reached." },
  businessRateLimit: {
    status: 429,
    code: 80007,
    message: "(#80007) Rate limit issues",
    details: "The WhatsApp Business Account has reached its rate limit.",
  },
  serverError: {
    status: 500,
    code: 1,
    message: "An unknown error has occurred.",
    details: "Please reduce the amount of data you are asking for, then retry your request",
  },
  serviceUnavailable: {
    status: 503,
    code: 2,
    message: "(#2) Service temporarily unavailable",
    details: "Service temporarily unavailable due to downtime or overload.",
  },
  /** Too many messages to one recipient in a short time (pair rate limit): wait before writing to them again. */
  pairRateLimit: {
    status: 400,
    code: 131056,
    message: "(#131056) (Business Account, Consumer Account) pair rate limit hit",
    details: "Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.",
  },
  /** Meta limited the number for spam-like sending (a quality signal): a broadcast must stop. */
  spamRateLimit: {
    status: 400,
    code: 131048,
    message: "(#131048) Spam rate limit hit",
    details: "Message failed to send because there are restrictions on how many messages can be sent from this phone number.",
  },
  reEngagement: {
    status: 400,
    code: 131047,
    message: "(#131047) Re-engagement message",
    details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
  },
  marketingOptOut: {
    status: 400,
    code: 131050,
    message:
      "(#131050) Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.",
    details: "This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.",
  },
  undeliverable: {
    status: 400,
    code: 131026,
    message: "(#131026) Message undeliverable",
    details:
      "Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number; the recipient has not accepted the new Terms of Service; the recipient is using an old WhatsApp version.",
  },
} as const satisfies Record<string, MetaErrorSpec>;

export type MetaFailureName = keyof typeof metaFailures;

/** Bad or missing token: Meta answers 190 with HTTP 401 (and a WWW-Authenticate header, set by the server). */
export function invalidTokenError(): MetaErrorSpec {
  return { status: 401, code: 190, message: "Invalid OAuth access token - Cannot parse access token" };
}

/** An id the Graph cannot see, e.g. an expired media id (Meta keeps media ids for 30 days). */
export function unknownObjectError(id: string, method: "get" | "post" | "delete"): MetaErrorSpec {
  return {
    status: 400,
    code: 100,
    subcode: 33,
    type: "GraphMethodException",
    message: `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  };
}

export function invalidParameterError(message: string, details?: string): MetaErrorSpec {
  return { status: 400, code: 100, message: `(#100) ${message}`, ...(details === undefined ? {} : { details }) };
}

export function unknownPathError(path: string): MetaErrorSpec {
  return { status: 404, code: 2500, message: `Unknown path components: ${path}` };
}
