/**
 * An agent's send: checked (window, template), appended to the room as `queued` and fanned out at once,
 * then handed to the queue. The client's id makes a double click or a resend after reconnect one message.
 */
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import type { Message, MessageContent, MessageContext } from "../../durable/protocol";
import type { AppEnv } from "../app-env";
import type { Db } from "../../db/client";
import { templates, type Conversation } from "../../db/schema";
import { enforceCanSend } from "../billing/enforce";
import { AppError } from "../errors";
import { agentProjection } from "../../durable/projection/projection";
import { notifyMentions } from "../push/mentions";
import type { SendJob } from "../jobs/send-job";
import type { SendMessageBody } from "../schemas/inbox";
import { windowOpen } from "../../durable/projection/conversation-summary";
import { room } from "./conversations";
import { findUpload } from "./media";

export const WINDOW_CLOSED = () =>
  new AppError(422, "window_closed", "The 24-hour window since the customer's last message has closed. Send an approved template instead.");

export async function sendMessage(
  c: Context<AppEnv>,
  db: Db,
  conv: Conversation,
  body: SendMessageBody,
): Promise<{ message: Message; duplicate: boolean }> {
  const { user } = c.get("auth");
  const r = room(c.env, conv);
  let prepared: { content: MessageContent; context?: MessageContext };
  try {
    if (body.type === "reaction") {
      const target = await r.message(body.messageId);
      if (!target?.wamid) throw new AppError(404, "message_not_found", "No such delivered message in this conversation to react to.");
      if (!windowOpen(conv)) throw WINDOW_CLOSED();
    }
    // A restricted organization (unpaid past its grace) cannot send; checked beside the content, not after it.
    [prepared] = await Promise.all([contentFor(c, db, conv, body), enforceCanSend(db, conv.orgId)]);
  } catch (err) {
    // A resend of a message that already went in gets that message back, even if the window has closed since.
    // Asked only here: on the usual path appendOutbound is idempotent by id, so a lookup first is a wasted call.
    const existing = await r.message(body.clientId);
    if (existing) return { message: existing, duplicate: true };
    throw err;
  }
  const { content, context } = prepared;
  const appended = await r.appendOutbound({
    orgId: conv.orgId,
    conversationId: conv.id,
    message: {
      id: body.clientId,
      phoneNumberId: conv.phoneNumberId,
      content,
      ...(context && { context }),
      author: { id: user.id, name: user.name },
    },
  });
  // The OrgInbox writes the row and pushes it to every agent's list. A resend writes it too: if the first
  // attempt died between the room and D1, this is what repairs the row.
  const counted = appended.duplicate || body.type === "reaction" ? undefined : { inbound: 0, outbound: 1 };
  const project = c.env.ORG_INBOX.getByName(conv.orgId).project(conv.orgId, [
    agentProjection(conv, appended.projection, counted, appended.search, counted && user.id),
  ]);
  if (appended.duplicate) {
    await project;
    return { message: appended.message, duplicate: true };
  }
  // WhatsApp shows one reaction from the business per message, whoever on the team set it.
  if (body.type === "reaction") await r.applyAgentReaction(body.messageId, "business", body.emoji);
  await Promise.all([
    project,
    c.env.JOBS.send({ kind: "message.send", orgId: conv.orgId, conversationId: conv.id, messageId: appended.message.id } satisfies SendJob),
  ]);
  return { message: appended.message, duplicate: false };
}

async function contentFor(
  c: Context<AppEnv>,
  db: Db,
  conv: Conversation,
  body: SendMessageBody,
): Promise<{ content: MessageContent; context?: MessageContext }> {
  switch (body.type) {
    case "text": {
      if (!windowOpen(conv)) throw WINDOW_CLOSED();
      const quoted = body.replyToMessageId ? await room(c.env, conv).message(body.replyToMessageId) : null;
      if (body.replyToMessageId && !quoted?.wamid)
        throw new AppError(404, "message_not_found", "The message you are replying to is not in this conversation.");
      return { content: { type: "text", body: body.text }, ...(quoted?.wamid && { context: { quotedWamid: quoted.wamid } }) };
    }
    case "template":
      return { content: await templateContent(db, conv, body) };
    case "reaction":
      return { content: { type: "reaction", targetMessageId: body.messageId, emoji: body.emoji } };
    default: {
      if (!windowOpen(conv)) throw WINDOW_CLOSED();
      const upload = await findUpload(c, conv, body.uploadId);
      return {
        content: {
          type: body.type,
          mediaId: `upload:${body.uploadId}`,
          mimeType: upload.mimeType,
          ...(body.caption && { caption: body.caption }),
          ...((body.filename ?? upload.filename) && { filename: body.filename ?? upload.filename }),
        },
      };
    }
  }
}

async function templateContent(db: Db, conv: Conversation, body: Extract<SendMessageBody, { type: "template" }>): Promise<MessageContent> {
  const t = await db
    .select()
    .from(templates)
    .where(and(eq(templates.orgId, conv.orgId), eq(templates.name, body.name), eq(templates.language, body.language)))
    .get();
  if (!t) throw new AppError(404, "template_not_found", "No such template. Sync templates from Meta and pick one from the list.");
  if (t.status !== "APPROVED")
    throw new AppError(422, "template_not_approved", `This template is ${t.status.toLowerCase()}; only approved templates can be sent.`);
  const bodyText = bodyOf(t.components);
  const needed = new Set([...bodyText.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1])).size;
  if (body.params.length !== needed)
    throw new AppError(
      400,
      "template_params",
      `This template needs ${needed} parameter${needed === 1 ? "" : "s"}; got ${body.params.length}.`,
    );
  const preview = bodyText.replace(/\{\{(\d+)\}\}/g, (_, n: string) => body.params[Number(n) - 1] ?? "");
  return { type: "template", name: t.name, language: t.language, params: body.params, preview };
}

export function bodyOf(components: unknown[]): string {
  const body = components.find(
    (c): c is { type: string; text?: string } => typeof c === "object" && c !== null && (c as { type?: unknown }).type === "BODY",
  );
  return body?.text ?? "";
}

export async function appendNote(c: Context<AppEnv>, conv: Conversation, body: { clientId: string; text: string }): Promise<Message> {
  const { user } = c.get("auth");
  const { message, search, duplicate } = await room(c.env, conv).appendOutbound({
    orgId: conv.orgId,
    conversationId: conv.id,
    message: {
      id: body.clientId,
      phoneNumberId: conv.phoneNumberId,
      content: { type: "note", body: body.text },
      author: { id: user.id, name: user.name },
    },
  });
  // A note changes no inbox row, so no projection carries it to the search index.
  await c.env.ORG_INBOX.getByName(conv.orgId).index(conv.orgId, search);
  // A retried POST (same clientId) mentions nobody twice.
  if (!duplicate) c.executionCtx.waitUntil(notifyMentions(c.env, conv.orgId, conv.id, user.id, body.text));
  return message;
}

export async function retrySend(c: Context<AppEnv>, db: Db, conv: Conversation, messageId: string): Promise<Message> {
  await enforceCanSend(db, conv.orgId);
  const r = room(c.env, conv);
  const frame = await r.requeueOutbound(messageId);
  if (!frame) throw new AppError(409, "not_retryable", "Only a failed message that WhatsApp never accepted can be retried.");
  await c.env.JOBS.send({ kind: "message.send", orgId: conv.orgId, conversationId: conv.id, messageId } satisfies SendJob);
  return (await r.message(messageId))!;
}
