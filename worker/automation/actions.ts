/**
 * What a rule does, one action at a time. Each answers a line for the run log and the events it causes
 * (an assignment, a close, a new tag or stage), which go back on the Queue one level deeper.
 * Messages and notes get ids derived from (rule, event, action), so a redelivered job appends nothing twice.
 */
import { and, count, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { conversations, users, type Contact, type Conversation } from "../../db/schema";
import type { AutomationRule } from "../../db/tables/automation";
import { agentProjection } from "../../durable/projection/projection";
import { windowOpen } from "../../durable/projection/conversation-summary";
import { roomStub } from "../../durable/room-stub";
import { enforceCanSend } from "../billing/enforce";
import { type ContactEdit, updateContact } from "../crm/update-contact";
import type { SendJob } from "../jobs/send-job";
import type { ContactPatch } from "../schemas/contacts";
import type { Action } from "../schemas/automation";
import type { AutomationEvent } from "./events";

/** How automated messages and notes are signed in the conversation. */
export const AUTOMATION_AUTHOR = { id: "automation", name: "Parley automation" } as const;

export interface ActionTarget {
  env: Env;
  db: Db;
  orgId: string;
  rule: Pick<AutomationRule, "id" | "name">;
  event: AutomationEvent;
  conversation: Conversation | null;
  contact: Contact | null;
}

export interface ActionResult {
  did: string;
  follow: Omit<AutomationEvent, "depth" | "chain" | "key">[];
  /** The conversation's list row changed: agents get it live. */
  conversationChanged?: boolean;
  contactEdit?: ContactEdit;
}

/** An action that cannot run here (no conversation, window closed): the rule stops and the log says why. */
export class ActionRefused extends Error {}

export async function stableId(key: string): Promise<string> {
  const h = [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const needConversation = (t: ActionTarget): Conversation => {
  if (!t.conversation) throw new ActionRefused("this contact has no conversation yet");
  return t.conversation;
};
const needContact = (t: ActionTarget): Contact => {
  if (!t.contact) throw new ActionRefused("no contact");
  return t.contact;
};

export async function runAction(t: ActionTarget, action: Action, index: number): Promise<ActionResult> {
  switch (action.type) {
    case "assign_agent":
      return assign(t, action.userId, "");
    case "assign_round_robin": {
      const online = new Set(await t.env.ORG_INBOX.getByName(t.orgId).onlineUserIds());
      const pool = (await candidates(t, action.userIds)).filter((id) => online.has(id));
      if (!pool.length) throw new ActionRefused("no agent in the rotation is online; left as it was");
      const turns = await bumpTurns(t);
      return assign(t, pool[(turns - 1) % pool.length]!, ` (round robin among ${pool.length} online)`);
    }
    case "assign_least_open": {
      const pool = await candidates(t, action.userIds);
      if (!pool.length) throw new ActionRefused("no member to assign to");
      const open = await t.db
        .select({ id: conversations.assigneeId, n: count() })
        .from(conversations)
        .where(and(eq(conversations.orgId, t.orgId), eq(conversations.state, "open"), inArray(conversations.assigneeId, pool)))
        .groupBy(conversations.assigneeId)
        .all();
      const load = (id: string) => open.find((o) => o.id === id)?.n ?? 0;
      const pick = [...pool].sort((a, b) => load(a) - load(b) || a.localeCompare(b))[0]!;
      return assign(t, pick, ` (fewest open: ${load(pick)})`);
    }
    case "unassign":
      return setConversation(t, { assigneeId: null }, "unassigned", []);
    case "add_label":
    case "remove_label": {
      const conv = needConversation(t);
      const labels =
        action.type === "add_label" ? [...new Set([...conv.labels, action.label])] : conv.labels.filter((l) => l !== action.label);
      return setConversation(t, { labels }, `${action.type === "add_label" ? "added" : "removed"} label ${action.label}`, []);
    }
    case "close":
      return setConversation(t, { state: "closed", snoozedUntil: null }, "closed the conversation", [
        { type: "conversation.closed", conversationId: needConversation(t).id, contactId: needConversation(t).contactId, at: Date.now() },
      ]);
    case "add_tag":
    case "remove_tag": {
      const contact = needContact(t);
      const tags = action.type === "add_tag" ? [...new Set([...contact.tags, action.tag])] : contact.tags.filter((x) => x !== action.tag);
      const added = action.type === "add_tag" && !contact.tags.includes(action.tag);
      return editContact(
        t,
        { tags },
        `${action.type === "add_tag" ? "added" : "removed"} tag ${action.tag}`,
        added ? { type: "contact.tag_added", tag: action.tag } : null,
      );
    }
    case "set_stage":
      return editContact(
        t,
        { stage: action.stage },
        `set stage ${action.stage}`,
        needContact(t).stage !== action.stage ? { type: "contact.stage_changed", stage: action.stage } : null,
      );
    case "set_field":
      return editContact(
        t,
        { customFields: { [action.key]: action.value } } as ContactPatch,
        `set ${action.key} to "${action.value}"`,
        null,
      );
    case "send_text":
      return sendText(t, action.text, index);
    case "add_note":
      return addNote(t, action.text, index);
  }
}

/** Atomic, so two conversations handled at once take consecutive turns rather than the same agent. */
async function bumpTurns(t: ActionTarget): Promise<number> {
  const row = await t.env.DB.prepare("UPDATE automation_rules SET turns = turns + 1 WHERE id = ? AND org_id = ? RETURNING turns")
    .bind(t.rule.id, t.orgId)
    .first<{ turns: number }>();
  return row?.turns ?? 1;
}

/** The listed members still in the org (one may have left since the rule was saved), or every member. */
async function candidates(t: ActionTarget, userIds: string[] | undefined): Promise<string[]> {
  const rows = await t.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, t.orgId), userIds?.length ? inArray(users.id, userIds) : undefined))
    .all();
  return rows.map((r) => r.id).sort();
}

async function assign(t: ActionTarget, userId: string, how: string): Promise<ActionResult> {
  const conv = needConversation(t);
  const who = await t.db.select({ name: users.name }).from(users).where(eq(users.id, userId)).get();
  if (conv.assigneeId === userId) return { did: `already assigned to ${who?.name ?? userId}`, follow: [] };
  return setConversation(t, { assigneeId: userId }, `assigned to ${who?.name ?? userId}${how}`, [
    { type: "conversation.assigned", conversationId: conv.id, contactId: conv.contactId, at: Date.now() },
  ]);
}

async function setConversation(
  t: ActionTarget,
  set: Partial<Pick<Conversation, "assigneeId" | "labels" | "state" | "snoozedUntil">>,
  did: string,
  follow: ActionResult["follow"],
): Promise<ActionResult> {
  const conv = needConversation(t);
  await t.db
    .update(conversations)
    .set({ ...set, updatedAt: Date.now() })
    .where(and(eq(conversations.id, conv.id), eq(conversations.orgId, t.orgId)));
  t.conversation = { ...conv, ...set };
  return { did, follow, conversationChanged: true };
}

async function editContact(
  t: ActionTarget,
  patch: ContactPatch,
  did: string,
  follow: Pick<AutomationEvent, "type" | "tag" | "stage"> | null,
): Promise<ActionResult> {
  const contact = needContact(t);
  const edit = await updateContact(t.db, { orgId: t.orgId, userId: null }, contact.id, patch);
  t.contact = { ...contact, ...(edit.changes as Partial<Contact>) };
  return {
    did,
    follow: follow ? [{ ...follow, contactId: contact.id, conversationId: t.conversation?.id, at: Date.now() }] : [],
    contactEdit: edit,
  };
}

async function sendText(t: ActionTarget, text: string, index: number): Promise<ActionResult> {
  const conv = needConversation(t);
  if (!windowOpen(conv)) throw new ActionRefused("WhatsApp's 24-hour window is closed; free text cannot be sent");
  await enforceCanSend(t.db, t.orgId);
  const messageId = await stableId(`automation:${t.orgId}:${t.rule.id}:${t.event.key}:${index}`);
  const room = roomStub(t.env.CONVERSATION_ROOM, t.orgId, conv.id);
  const appended = await room.appendOutbound({
    orgId: t.orgId,
    conversationId: conv.id,
    message: { id: messageId, phoneNumberId: conv.phoneNumberId, content: { type: "text", body: text }, author: { ...AUTOMATION_AUTHOR } },
  });
  await Promise.all([
    t.env.ORG_INBOX.getByName(t.orgId).project(t.orgId, [
      agentProjection(conv, appended.projection, appended.duplicate ? undefined : { inbound: 0, outbound: 1 }, appended.search),
    ]),
    appended.duplicate
      ? undefined
      : t.env.JOBS.send({ kind: "message.send", orgId: t.orgId, conversationId: conv.id, messageId } satisfies SendJob),
  ]);
  return { did: `sent "${text.length > 60 ? `${text.slice(0, 57)}…` : text}"`, follow: [] };
}

async function addNote(t: ActionTarget, text: string, index: number): Promise<ActionResult> {
  const conv = needConversation(t);
  const { search } = await roomStub(t.env.CONVERSATION_ROOM, t.orgId, conv.id).appendOutbound({
    orgId: t.orgId,
    conversationId: conv.id,
    message: {
      id: await stableId(`automation-note:${t.orgId}:${t.rule.id}:${t.event.key}:${index}`),
      phoneNumberId: conv.phoneNumberId,
      content: { type: "note", body: text },
      author: { ...AUTOMATION_AUTHOR },
    },
  });
  await t.env.ORG_INBOX.getByName(t.orgId).index(t.orgId, search);
  return { did: "added a private note", follow: [] };
}
