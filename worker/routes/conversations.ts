/** The inbox API: conversation lists, history, and what agents do to a conversation. */
import { and, eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { openDb, type Db } from "../../db/client";
import { conversations, users, type Conversation } from "../../db/schema";
import { AppError } from "../errors";
import { attributionOf, listConversations, room, setReadCursor, summaryOf } from "../inbox/conversations";
import { appendNote, retrySend, sendMessage } from "../inbox/send-message";
import { storeUpload, streamMessageMedia } from "../inbox/media";
import { jsonBody } from "../middleware/json-body";
import { conversationOf, loadConversation } from "../middleware/load-conversation";
import { requireSession } from "../middleware/require-session";
import { aiConversationRoutes } from "./ai-conversation";
import { enqueueSummary } from "../ai/jobs";
import { bindBuilt } from "../../db/prepared";
import { conversationResolved } from "../../durable/projection/conversation-clock";
import { actionKey } from "../automation/events";
import { emitDomainEvents } from "../integrations/emit-domain";
import {
  assignBody,
  historyQuery,
  labelsBody,
  listConversationsQuery,
  noteBody,
  readBody,
  sendMessageBody,
  stateBody,
} from "../schemas/inbox";

export const conversationRoutes = new Hono<AppEnv>();
conversationRoutes.use("/", requireSession());
// Every other route acts on the conversation in its URL ("/:id/*" matches "/:id" too).
conversationRoutes.use("/:id/*", requireSession({ beside: loadConversation }));

function query<T>(
  c: Context<AppEnv>,
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
): T {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(400, "invalid_query", `${issue?.path.join(".") || "query"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

/** Pushes the conversation's fresh list row to every agent of the org, after the response. */
function publish(c: Context<AppEnv>, db: Db, id: string): void {
  const orgId = c.get("auth").org.id;
  c.executionCtx.waitUntil(summaryOf(db, orgId, id).then((row) => c.env.ORG_INBOX.getByName(orgId).publish([row])));
}

/** Rules react to what agents do, on the Queue, after the response. */
function automation(
  c: Context<AppEnv>,
  db: Db,
  conv: Conversation,
  type: "conversation.assigned" | "conversation.closed" | "conversation.opened",
) {
  c.executionCtx.waitUntil(
    emitDomainEvents(c.env, db, conv.orgId, [
      { key: actionKey(type, conv.id), type, conversationId: conv.id, contactId: conv.contactId, at: Date.now() },
    ]),
  );
}

conversationRoutes.route("/:id/ai", aiConversationRoutes);

conversationRoutes.get("/", async (c) =>
  c.json(await listConversations(openDb(c.env.DB), c.get("auth"), query(c, listConversationsQuery))),
);

conversationRoutes.get("/:id", async (c) => {
  const db = openDb(c.env.DB);
  const conv = conversationOf(c);
  return c.json({ conversation: await summaryOf(db, conv.orgId, conv.id), attribution: attributionOf(conv) });
});

conversationRoutes.get("/:id/messages", async (c) => {
  const conv = conversationOf(c);
  const { around, ...page } = query(c, historyQuery);
  if (around === undefined) return c.json(await room(c.env, conv).history(page));
  if (page.before !== undefined || page.after !== undefined)
    throw new AppError(400, "invalid_query", "around: ask for a page around a message, or before/after a sequence, not both.");
  const centred = await room(c.env, conv).historyAround(around, page.limit);
  if (!centred) throw new AppError(404, "message_not_found", "No such message in this conversation.");
  return c.json(centred);
});

conversationRoutes.post("/:id/messages", async (c) => {
  const db = openDb(c.env.DB);
  const conv = conversationOf(c);
  const body = await jsonBody(c, sendMessageBody);
  const { message, duplicate } = await sendMessage(c, db, conv, body);
  return c.json({ message, duplicate }, duplicate ? 200 : 201);
});

/** One message with everything its "Message info" shows: the time of every status, Meta's pricing. */
conversationRoutes.get("/:id/messages/:messageId", async (c) => {
  const conv = conversationOf(c);
  const message = await room(c.env, conv).message(c.req.param("messageId"));
  if (!message) throw new AppError(404, "message_not_found", "No such message in this conversation.");
  return c.json({ message });
});

conversationRoutes.post("/:id/messages/:messageId/retry", async (c) => {
  const db = openDb(c.env.DB);
  const conv = conversationOf(c);
  return c.json({ message: await retrySend(c, db, conv, c.req.param("messageId")) });
});

conversationRoutes.get("/:id/messages/:messageId/media", async (c) => {
  const conv = conversationOf(c);
  return streamMessageMedia(c, conv, c.req.param("messageId"));
});

conversationRoutes.post("/:id/media", async (c) => {
  const conv = conversationOf(c);
  return c.json(await storeUpload(c, conv), 201);
});

conversationRoutes.post("/:id/notes", async (c) => {
  const conv = conversationOf(c);
  const body = await jsonBody(c, noteBody);
  return c.json({ message: await appendNote(c, conv, body) }, 201);
});

conversationRoutes.post("/:id/assign", async (c) => {
  const db = openDb(c.env.DB);
  const { org } = c.get("auth");
  const conv = conversationOf(c);
  const { assigneeId } = await jsonBody(c, assignBody);
  if (assigneeId) {
    const member = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, assigneeId), eq(users.orgId, org.id)))
      .get();
    if (!member) throw new AppError(404, "member_not_found", "No such member in your organization.");
  }
  // Handing over from one person to another: the next one reads a summary instead of the whole thread.
  if (assigneeId && conv.assigneeId && assigneeId !== conv.assigneeId)
    c.executionCtx.waitUntil(enqueueSummary(c.env, db, conv, "handover"));
  await db
    .update(conversations)
    .set({ assigneeId, updatedAt: Date.now() })
    .where(and(eq(conversations.id, conv.id), eq(conversations.orgId, org.id)));
  publish(c, db, conv.id);
  if (assigneeId && assigneeId !== conv.assigneeId) automation(c, db, conv, "conversation.assigned");
  return c.json({ conversation: await summaryOf(db, org.id, conv.id) });
});

conversationRoutes.post("/:id/state", async (c) => {
  const db = openDb(c.env.DB);
  const { org } = c.get("auth");
  const conv = conversationOf(c);
  const body = await jsonBody(c, stateBody);
  if (body.state === "snoozed" && (!body.snoozedUntil || body.snoozedUntil <= Date.now())) {
    throw new AppError(400, "invalid_body", "snoozedUntil: pick a time in the future to snooze until.");
  }
  const snoozedUntil = body.state === "snoozed" ? body.snoozedUntil! : null;
  if (body.state === "closed" && conv.state !== "closed") c.executionCtx.waitUntil(enqueueSummary(c.env, db, conv, "closed"));
  const now = Date.now();
  // A close counts one resolution on the dashboard, in the same batch as the state (a second close counts none).
  const resolution = body.state === "closed" ? conversationResolved(c.env.DB, org.id, conv.id, c.get("auth").user.id, now) : [];
  await c.env.DB.batch(
    [
      ...resolution,
      bindBuilt(
        c.env.DB,
        db
          .update(conversations)
          .set({ state: body.state, snoozedUntil, updatedAt: now })
          .where(and(eq(conversations.id, conv.id), eq(conversations.orgId, org.id))),
      ),
    ].map((s) => s.statement),
  );
  publish(c, db, conv.id);
  if (body.state !== conv.state && body.state !== "snoozed")
    automation(c, db, conv, body.state === "closed" ? "conversation.closed" : "conversation.opened");
  return c.json({ conversation: await summaryOf(db, org.id, conv.id) });
});

conversationRoutes.put("/:id/labels", async (c) => {
  const db = openDb(c.env.DB);
  const { org } = c.get("auth");
  const conv = conversationOf(c);
  const { labels } = await jsonBody(c, labelsBody);
  const unique = [...new Set(labels)];
  await db
    .update(conversations)
    .set({ labels: unique, updatedAt: Date.now() })
    .where(and(eq(conversations.id, conv.id), eq(conversations.orgId, org.id)));
  publish(c, db, conv.id);
  return c.json({ conversation: await summaryOf(db, org.id, conv.id) });
});

conversationRoutes.post("/:id/read", async (c) => {
  const db = openDb(c.env.DB);
  const auth = c.get("auth");
  const conv = conversationOf(c);
  const { seq } = await jsonBody(c, readBody);
  const point = await room(c.env, conv).readPoint(seq);
  const cursor = await setReadCursor(db, auth, conv, point.readSeq, point.inboundCountAtRead);
  c.executionCtx.waitUntil(c.env.ORG_INBOX.getByName(auth.org.id).publishRead(auth.user.id, cursor));
  return c.json({ cursor });
});

conversationRoutes.post("/:id/unread", async (c) => {
  const db = openDb(c.env.DB);
  const auth = c.get("auth");
  const conv = conversationOf(c);
  const point = await room(c.env, conv).unreadPoint();
  const cursor = await setReadCursor(db, auth, conv, point.readSeq, point.inboundCountAtRead);
  c.executionCtx.waitUntil(c.env.ORG_INBOX.getByName(auth.org.id).publishRead(auth.user.id, cursor));
  return c.json({ cursor });
});
