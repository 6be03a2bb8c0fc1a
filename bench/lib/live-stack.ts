/**
 * What the live scenarios share: Parley's local stack with a demo owner who can sign in, customers
 * created the way Meta creates them (signed webhooks, batches of 50), and their conversation ids as
 * the API lists them.
 */
import { existsSync, readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import http from "node:http";
import { parseDevVars, readDevVars } from "../../test/peers/dev-vars";
import {
  DEMO_DISPLAY_PHONE_NUMBER,
  DEMO_PHONE_NUMBER_ID,
  inboundMessageBody,
  signedWebhook,
  type WebhookBody,
} from "../../test/peers/webhook-builders";
import { apiGet, DEMO_OWNER, forgetSessions, signIn, type AgentSession } from "./accounts";
import { postOnce } from "./http-post";
import { PORTS, type BenchContext } from "./scenario";
import { type BenchVars, startParley, type Server } from "./stack";
import { mixedInboundBody } from "./webhook-batch";

export interface LiveStack {
  server: Server;
  url: string;
  /** What the live endpoints accept as Origin: the stack's APP_ORIGIN. */
  origin: string;
  /** The local Meta Graph peer, with its `/__peer/` controls. */
  peerUrl: string;
  owner: AgentSession;
  appSecret: string;
}

export const NUMBER = { phoneNumberId: DEMO_PHONE_NUMBER_ID, displayPhoneNumber: DEMO_DISPLAY_PHONE_NUMBER } as const;

/**
 * The signing keys and the pepper come from where wrangler takes them (.dev.vars, else the example),
 * so the seeded owner's hash matches what the Worker checks; `extra` overrides configuration per scenario.
 */
export async function startLiveStack(ctx: BenchContext, extra: Record<string, string> = {}): Promise<LiveStack> {
  const vars = { ...withSignIn(ctx.vars), ...extra };
  const started = await startParley(PORTS.parley, PORTS.metaPeer, vars);
  const server: Server = {
    url: started.url,
    stop: () => (forgetSessions(started.url), started.stop()),
  };
  try {
    const owner = await signIn(server.url, DEMO_OWNER.email, DEMO_OWNER.password);
    return {
      server,
      url: server.url,
      origin: server.url,
      peerUrl: `http://127.0.0.1:${PORTS.metaPeer}`,
      owner,
      appSecret: ctx.vars.META_APP_SECRET,
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** The bench's vars plus what signing in needs (the pepper the demo owner's hash was made with, the JWT keys). */
export function withSignIn(vars: BenchVars): BenchVars & { PASSWORD_PEPPER: string; JWT_KEYS: string } {
  const file = existsSync(".dev.vars") ? readDevVars() : parseDevVars(readFileSync(".dev.vars.example", "utf8"));
  const { PASSWORD_PEPPER, JWT_KEYS } = file;
  if (!PASSWORD_PEPPER || !JWT_KEYS) throw new Error("PASSWORD_PEPPER and JWT_KEYS are missing from .dev.vars; see .dev.vars.example");
  return { ...vars, PASSWORD_PEPPER, JWT_KEYS };
}

/** wa_ids for one scenario, distinct from the ingest scenario's (`4470…`). */
export function liveCustomers(prefix: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `4471${prefix}${String(i).padStart(6, "0")}`);
}

/**
 * Delivers a webhook as Meta does: the same bytes again after a failure (dedupe makes a repeat
 * harmless), so a Worker that wrangler restarts mid-request (a source file changed) costs a retry.
 */
export async function postWebhook(
  stack: LiveStack,
  body: WebhookBody,
  agent?: http.Agent,
): Promise<{ stored: number; duplicates: number }> {
  const { payload, headers } = signedWebhook(stack.appSecret, body);
  const own = agent ?? new http.Agent({ keepAlive: true });
  try {
    let last = "";
    for (let attempt = 1; attempt <= 5; attempt++) {
      try {
        const answer = await postOnce(own, new URL("/webhooks/whatsapp", stack.url), headers, payload);
        if (answer.status === 200) return JSON.parse(answer.body) as { stored: number; duplicates: number };
        last = `webhook answered ${answer.status}: ${answer.body.slice(0, 300)}`;
      } catch (err) {
        last = String(err);
      }
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
    throw new Error(last);
  } finally {
    if (!agent) own.destroy();
  }
}

/**
 * One fresh message from each customer, 50 customers per POST as Meta batches: creates the
 * conversations and opens their 24-hour windows. Returns each customer's conversation id.
 */
export async function seedCustomers(stack: LiveStack, waIds: string[], parallel = 4): Promise<Map<string, string>> {
  await firstMessages(stack, waIds, parallel);
  return conversationIds(stack, new Set(waIds));
}

/** The seeding alone, for callers that need no ids (thousands of conversations behind a list). */
export async function firstMessages(stack: LiveStack, waIds: string[], parallel = 4): Promise<void> {
  const chunks: string[][] = [];
  for (let i = 0; i < waIds.length; i += 50) chunks.push(waIds.slice(i, i + 50));
  const agent = new http.Agent({ keepAlive: true, maxSockets: parallel });
  const lanes = Array.from({ length: parallel }, async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      const body = mixedInboundBody(
        NUMBER,
        chunk.map((waId) => ({ waId, wamids: [`wamid.seed-${randomUUID()}`], firstIndex: 0 })),
      );
      const answer = await postWebhook(stack, body, agent);
      if (answer.stored + answer.duplicates !== chunk.length)
        throw new Error(`seeding stored ${answer.stored} of ${chunk.length} messages`);
    }
  });
  await Promise.all(lanes);
  agent.destroy();
}

/** The conversation list, paged through the API as the inbox pages it; wa_id → conversation id. */
export async function conversationIds(stack: LiveStack, wanted: Set<string>): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const page: { conversations: { id: string; contact: { waId: string | null } }[]; nextCursor: string | null } = await apiGet(
      stack.url,
      stack.owner,
      `/api/conversations?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    for (const c of page.conversations) if (c.contact.waId && wanted.has(c.contact.waId)) ids.set(c.contact.waId, c.id);
    cursor = page.nextCursor;
  } while (cursor && ids.size < wanted.size);
  const missing = [...wanted].filter((w) => !ids.has(w));
  if (missing.length) throw new Error(`${missing.length} seeded customers have no conversation in the list, e.g. ${missing[0]}`);
  return ids;
}

/** One text message from one customer, as Meta sends it; `text` carries the bench's event id. */
export function inboundText(waId: string, wamid: string, text: string): WebhookBody {
  return inboundMessageBody({
    ...NUMBER,
    from: waId,
    name: `Bench ${waId.slice(-4)}`,
    message: { id: wamid, type: "text", text: { body: text } },
  });
}

/** Socket URLs as the web app opens them (ws:// on the same origin). */
export const inboxSocketUrl = (stack: LiveStack) => `${stack.url.replace(/^http/, "ws")}/api/live/inbox`;
export const roomSocketUrl = (stack: LiveStack, conversationId: string, after?: number) =>
  `${stack.url.replace(/^http/, "ws")}/api/live/conversations/${encodeURIComponent(conversationId)}${after === undefined ? "" : `?after=${after}`}`;

export const socketHeaders = (stack: LiveStack, agent: AgentSession) => ({ cookie: agent.cookie, origin: stack.origin });

/**
 * latency, fanout, resume and send share one stack (each on customers of its own): starting one costs
 * ~20 s of a 2-core machine. The send pipeline's per-number limit is raised for all of them so `send`
 * measures the pipeline, not Meta's 80/s cap (a scenario that needs a fresh runtime starts its own).
 */
export const SHARED_STACK_VARS = { SEND_RATE_PER_SECOND: "1000" } as const;
let shared: Promise<LiveStack> | null = null;

export function sharedLiveStack(ctx: BenchContext): Promise<LiveStack> {
  if (!shared) {
    ctx.log("live: starting Parley's local stack (shared by latency, fanout, resume and send)");
    shared = startLiveStack(ctx, SHARED_STACK_VARS);
    shared.catch(() => (shared = null));
  }
  return shared;
}

/** Stops the shared stack if a scenario started it. */
export async function stopSharedLiveStack(): Promise<void> {
  const s = shared;
  shared = null;
  if (s) await (await s.catch(() => null))?.server.stop();
}
