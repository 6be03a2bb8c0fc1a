/**
 * Auto-replies: answer a customer from the knowledge base when nobody is available, within the rules of
 * auto-reply-rules.ts, or hand the conversation to a person (assigned, labelled, a private note saying
 * why). One trigger (conversation + the message's room sequence) is one action: the action row is
 * claimed first, and the reply's message id derives from it, so a redelivered job sends nothing twice.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { conversations, users, type Conversation } from "../../db/schema";
import { aiActions } from "../../db/tables/ai";
import { agentProjection } from "../../durable/projection/projection";
import { windowOpen } from "../../durable/projection/conversation-summary";
import type { Message } from "../../durable/protocol";
import { roomStub } from "../../durable/room-stub";
import { summaryOf } from "../inbox/conversations";
import type { SendJob } from "../jobs/send-job";
import { actionInsert, countActions } from "./actions";
import { afterModel, gate, HANDOFF_LABEL, type ModelAnswer } from "./auto-reply-rules";
import { groundingFor } from "./grounding";
import { AUTO_REPLY_MAX_TOKENS, autoReplyAnswer, autoReplyMessages } from "./prompts";
import { structured, type AiDeps } from "./provider";
import { restore, type Redactor } from "./redact";
import type { Consent } from "./settings";
import { guessLanguage, type Transcript } from "./transcript";

/** How auto-replies and AI notes are signed in the inbox: never mistaken for a person. */
export const AI_AUTHOR = { id: "ai", name: "Parley AI (automated)" } as const;

/** A stable UUID-shaped id from a string, so a retried job appends the same message (rooms dedupe by id). */
async function stableId(key: string): Promise<string> {
  const h = [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface AutoReplyInput {
  deps: AiDeps;
  env: Env;
  consent: Consent;
  conv: Conversation;
  transcript: Transcript;
  redactor: Redactor;
  messages: Message[];
  intent: string | null;
  uptoSeq: number;
}

export type AutoReplyOutcome =
  | { kind: "skipped"; reason: string }
  | { kind: "replied"; messageId: string }
  | { kind: "handed_off"; reason: string };

export async function autoReply(input: AutoReplyInput): Promise<AutoReplyOutcome> {
  const { deps, env, consent, conv, transcript } = input;
  const db = deps.db;
  const key = `${conv.id}:${input.uptoSeq}`;
  const done = await db
    .select({ kind: aiActions.kind })
    .from(aiActions)
    .where(and(eq(aiActions.orgId, conv.orgId), inArray(aiActions.dedupeKey, [`auto:${key}`, `handoff:${key}`])))
    .get();
  if (done) return { kind: "skipped", reason: "Already handled." };
  const s = consent.settings;
  const online = s.autoReplyMode === "no_agent_online" ? (await env.ORG_INBOX.getByName(conv.orgId).onlineUserIds()).length : 0;
  const customerText = input.messages.filter((m) => m.direction === "inbound").at(-1);
  const text = customerText?.content.type === "text" ? customerText.content.body : (transcript.lastCustomer ?? "");
  const before = gate({
    settings: s,
    now: Date.now(),
    agentsOnline: online,
    windowOpen: windowOpen(conv),
    labels: conv.labels,
    autoRepliesSoFar: await countActions(db, conv.orgId, conv.id, "auto_reply"),
    customerText: text,
    intent: input.intent,
  });
  if (before.kind === "skip") return { kind: "skipped", reason: before.reason };
  if (before.kind === "handoff") return handoff(input, before.reason, key);

  const language = guessLanguage(transcript.lastCustomer ?? "");
  const grounding = await groundingFor(db, conv.orgId, conv.contactId, language);
  const { value } = await structured(
    deps,
    consent,
    autoReplyMessages({ language, grounding, transcript: transcript.lines }),
    { name: "auto_reply", zod: autoReplyAnswer },
    AUTO_REPLY_MAX_TOKENS,
  );
  const after = afterModel(value as ModelAnswer, s.autoReplyMinConfidence);
  if (after.kind !== "ask") return handoff(input, after.reason, key);
  return send(input, restore(value.answer, input.redactor.map), value, key);
}

async function send(input: AutoReplyInput, text: string, value: ModelAnswer, key: string): Promise<AutoReplyOutcome> {
  const { deps, env, conv } = input;
  const messageId = await stableId(`auto:${conv.orgId}:${key}`);
  const claimed = await actionInsert(deps.db, {
    orgId: conv.orgId,
    kind: "auto_reply",
    conversationId: conv.id,
    dedupeKey: `auto:${key}`,
    detail: { messageId, confidence: value.confidence, reason: value.reason, model: input.consent.model },
    before: null,
  }).returning({ id: aiActions.id });
  if (!claimed.length) return { kind: "skipped", reason: "Already handled." };
  const room = roomStub(env.CONVERSATION_ROOM, conv.orgId, conv.id);
  const appended = await room.appendOutbound({
    orgId: conv.orgId,
    conversationId: conv.id,
    message: { id: messageId, phoneNumberId: conv.phoneNumberId, content: { type: "text", body: text }, author: { ...AI_AUTHOR } },
  });
  await Promise.all([
    env.ORG_INBOX.getByName(conv.orgId).project(conv.orgId, [agentProjection(conv, appended.projection)]),
    env.JOBS.send({ kind: "message.send", orgId: conv.orgId, conversationId: conv.id, messageId } satisfies SendJob),
  ]);
  return { kind: "replied", messageId };
}

/** To a person: the assignee stays, else the last agent who wrote here, else the org's first owner or admin. */
async function handoff(input: AutoReplyInput, reason: string, key: string): Promise<AutoReplyOutcome> {
  const { deps, env, conv } = input;
  const db = deps.db;
  const lastAgent = input.messages.filter((m) => m.direction !== "inbound" && m.author && m.author.id !== AI_AUTHOR.id).at(-1)?.author?.id;
  const fallback = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, conv.orgId), inArray(users.role, ["owner", "admin"])))
    .orderBy(asc(users.createdAt))
    .get();
  const assigneeId = conv.assigneeId ?? lastAgent ?? fallback?.id ?? null;
  const labels = [...new Set([...conv.labels, HANDOFF_LABEL])];
  const claimed = await actionInsert(db, {
    orgId: conv.orgId,
    kind: "handoff",
    conversationId: conv.id,
    dedupeKey: `handoff:${key}`,
    detail: { reason, assigneeId },
    before: { assigneeId: conv.assigneeId, labels: conv.labels },
  }).returning({ id: aiActions.id });
  if (!claimed.length) return { kind: "skipped", reason: "Already handled." };
  await db
    .update(conversations)
    .set({ assigneeId, labels, updatedAt: Date.now() })
    .where(and(eq(conversations.id, conv.id), eq(conversations.orgId, conv.orgId)));
  await roomStub(env.CONVERSATION_ROOM, conv.orgId, conv.id).appendOutbound({
    orgId: conv.orgId,
    conversationId: conv.id,
    message: {
      id: await stableId(`handoff:${conv.orgId}:${key}`),
      phoneNumberId: conv.phoneNumberId,
      content: { type: "note", body: `AI handed this conversation to a person: ${reason}` },
      author: { ...AI_AUTHOR },
    },
  });
  await env.ORG_INBOX.getByName(conv.orgId).publish([await summaryOf(db, conv.orgId, conv.id)]);
  return { kind: "handed_off", reason };
}
