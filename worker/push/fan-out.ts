/**
 * A push event → the devices that should hear of it, each with text the org's privacy setting allows,
 * as one delivery job per device. Never the person who did it, never someone who switched that event
 * off, and never an agent looking at the conversation right now (its room knows who has it open and
 * visible).
 */
import { and, eq, inArray } from "drizzle-orm";
import { openDb, type Db } from "../../db/client";
import { contacts, conversations, users } from "../../db/schema";
import { pushPreferences, pushSettings, pushSubscriptions, type PushEvent } from "../../db/tables/push";
import { roomStub } from "../../durable/room-stub";
import { notificationText } from "./notification-text";
import type { PushDeliverJob, PushNotifyJob } from "./push-job";

/** Cloudflare Queues take at most 100 messages per sendBatch. */
const SEND_BATCH = 100;

export async function fanOutPush(env: Env, job: PushNotifyJob): Promise<void> {
  const db = openDb(env.DB);
  const conv = await db
    .select({
      assigneeId: conversations.assigneeId,
      displayName: contacts.displayName,
      profileName: contacts.profileName,
      waId: contacts.waId,
    })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(and(eq(conversations.id, job.conversationId), eq(conversations.orgId, job.orgId)))
    .get();
  if (!conv) return;
  const targets = targetUsers(job, conv.assigneeId);
  if (targets !== "everyone" && !targets.length) return;
  const subs = await subscribers(db, job.orgId, job.event, targets);
  const focused = new Set(
    job.seenBy ?? (subs.length ? await roomStub(env.CONVERSATION_ROOM, job.orgId, job.conversationId).focusedUsers() : []),
  );
  const devices = subs.filter((s) => s.userId !== job.actorId && !focused.has(s.userId));
  if (!devices.length) return;
  const [settings, author] = await Promise.all([
    db.select({ preview: pushSettings.preview }).from(pushSettings).where(eq(pushSettings.orgId, job.orgId)).get(),
    job.actorId
      ? db
          .select({ name: users.name })
          .from(users)
          .where(and(eq(users.id, job.actorId), eq(users.orgId, job.orgId)))
          .get()
      : undefined,
  ]);
  const notification = notificationText(settings?.preview ?? "sender", {
    event: job.event,
    conversationId: job.conversationId,
    contactName: conv.displayName?.trim() || conv.profileName?.trim() || (conv.waId ? `+${conv.waId}` : "Unknown customer"),
    ...(job.text !== undefined && { text: job.text }),
    ...(author && { authorName: author.name }),
    ...(job.closesAt !== undefined && { minutesLeft: Math.max(1, Math.round((job.closesAt - Date.now()) / 60_000)) }),
  });
  const jobs: PushDeliverJob[] = devices.map((d) => ({ kind: "push.deliver", orgId: job.orgId, subscriptionId: d.id, notification }));
  for (let i = 0; i < jobs.length; i += SEND_BATCH) await env.JOBS.sendBatch(jobs.slice(i, i + SEND_BATCH).map((body) => ({ body })));
}

/** Who an event is for before switches and focus: anyone (a new conversation) or named people. */
function targetUsers(job: PushNotifyJob, assigneeId: string | null): string[] | "everyone" {
  switch (job.event) {
    case "newConversation":
      return "everyone";
    case "assignedMessage":
    case "windowClosing":
      return assigneeId ? [assigneeId] : [];
    case "mention":
      return job.userIds ?? [];
  }
}

/** The org's devices of these users whose owner has this event switched on (no preferences row: all on). */
async function subscribers(db: Db, orgId: string, event: PushEvent, targets: string[] | "everyone") {
  const rows = await db
    .select({ id: pushSubscriptions.id, userId: pushSubscriptions.userId, prefs: pushPreferences })
    .from(pushSubscriptions)
    .leftJoin(pushPreferences, eq(pushPreferences.userId, pushSubscriptions.userId))
    .where(and(eq(pushSubscriptions.orgId, orgId), targets === "everyone" ? undefined : inArray(pushSubscriptions.userId, targets)))
    .all();
  return rows.filter((r) => !r.prefs || r.prefs[event]);
}
