import { isRecord } from "./is-record.js";
import { metaFailures, type MetaFailureName } from "./meta-errors.js";
import type { FailureRule } from "./meta-failure-rules.js";
import { parseJson as parse } from "./meta-graph-routes.js";
import type { MessageTemplate } from "./meta-templates.js";

/**
 * The peer's controls, reachable over HTTP under `/__peer/` when started with `control: true`. Tests that
 * run inside workerd cannot hold the peer object, so they steer it with fetch instead:
 *
 *   POST /__peer/fail            {"preset":"rateLimit","path":"/messages","times":2}  (or status/code/...;
 *                                "pathPattern" is a RegExp source, since JSON cannot carry a RegExp)
 *   POST /__peer/clear-failures  POST /__peer/reset   POST /__peer/idle (waits for status webhooks)
 *   GET  /__peer/requests | /__peer/sends | /__peer/callbacks
 *   POST /__peer/media?id=&type=image/jpeg   raw bytes → {id, sha256}
 *   PUT  /__peer/templates [..]  PUT /__peer/webhook-url {"url": "..." | null}
 *
 * Control calls are neither authenticated nor recorded: they are the test talking, not Parley.
 */
export interface PeerControls {
  requests: unknown[];
  sends: unknown[];
  callbacks: unknown[];
  registerMedia(input: { id?: string; bytes: Uint8Array; mimeType: string }): { id: string; sha256: string };
  fail(rule: FailureRule): void;
  clearFailures(): void;
  setTemplates(templates: readonly MessageTemplate[]): void;
  setWebhookUrl(url: string | undefined): void;
  callbacksIdle(): Promise<void>;
  reset(): void;
}

export const CONTROL_PREFIX = "/__peer/";

export type ControlReply = { status: number; json?: unknown };

export async function handleControl(
  peer: PeerControls,
  method: string,
  path: string,
  query: URLSearchParams,
  body: Buffer,
): Promise<ControlReply> {
  const action = `${method} ${path.slice(CONTROL_PREFIX.length - 1)}`;
  switch (action) {
    case "POST /fail":
      return addFailure(peer, parse(body));
    case "POST /clear-failures":
      peer.clearFailures();
      return { status: 204 };
    case "POST /reset":
      peer.reset();
      return { status: 204 };
    case "POST /idle":
      await peer.callbacksIdle();
      return { status: 204 };
    case "GET /requests":
      return { status: 200, json: peer.requests };
    case "GET /sends":
      return { status: 200, json: peer.sends };
    case "GET /callbacks":
      return { status: 200, json: peer.callbacks };
    case "POST /media":
      return registerMedia(peer, query, body);
    case "PUT /templates":
      return setTemplates(peer, parse(body));
    case "PUT /webhook-url":
      return setWebhookUrl(peer, parse(body));
    default:
      return { status: 404, json: { error: `unknown control ${action}` } };
  }
}

function addFailure(peer: PeerControls, body: unknown): ControlReply {
  if (!isRecord(body)) return badRequest("expected a JSON failure rule");
  const preset = typeof body.preset === "string" && body.preset in metaFailures ? metaFailures[body.preset as MetaFailureName] : undefined;
  const status = typeof body.status === "number" ? body.status : preset?.status;
  if (status === undefined) return badRequest('a failure needs "status" or a known "preset"');
  const rule: FailureRule = { ...preset, status };
  if (typeof body.path === "string") rule.path = body.path;
  if (typeof body.pathPattern === "string") rule.path = new RegExp(body.pathPattern);
  if (typeof body.method === "string") rule.method = body.method;
  if (typeof body.times === "number") rule.times = body.times;
  if (typeof body.code === "number") rule.code = body.code;
  if (typeof body.subcode === "number") rule.subcode = body.subcode;
  if (typeof body.message === "string") rule.message = body.message;
  if (typeof body.details === "string") rule.details = body.details;
  if (typeof body.retryAfter === "number") rule.retryAfter = body.retryAfter;
  if (body.via === "response" || body.via === "status-webhook") rule.via = body.via;
  if (typeof body.to === "string") rule.to = body.to;
  if (typeof body.delayMs === "number") rule.delayMs = body.delayMs;
  peer.fail(rule);
  return { status: 204 };
}

function registerMedia(peer: PeerControls, query: URLSearchParams, body: Buffer): ControlReply {
  const id = query.get("id");
  const mimeType = query.get("type") ?? "application/octet-stream";
  return { status: 200, json: peer.registerMedia({ ...(id === null ? {} : { id }), bytes: new Uint8Array(body), mimeType }) };
}

function setTemplates(peer: PeerControls, body: unknown): ControlReply {
  if (!Array.isArray(body)) return badRequest("expected a JSON array of templates");
  peer.setTemplates(body as MessageTemplate[]);
  return { status: 204 };
}

function setWebhookUrl(peer: PeerControls, body: unknown): ControlReply {
  if (!isRecord(body) || !(typeof body.url === "string" || body.url === null)) return badRequest('expected {"url": string | null}');
  peer.setWebhookUrl(body.url ?? undefined);
  return { status: 204 };
}

function badRequest(message: string): ControlReply {
  return { status: 400, json: { error: message } };
}
