/** What agents do to a conversation; each answer is the fresh row, applied to the list and the open pane. */
import type { ConversationSummary } from "../../../durable/protocol";
import { messageOf } from "../api/client";
import { inboxApi, type StateBody } from "../api/inbox";
import { toast } from "../components/toasts";
import { clockTime, listStamp } from "../format/time";
import { currentUser } from "../session/session";
import type { InboxList } from "./inbox-list";
import { memberName } from "./members";
import type { OpenConversation } from "./open-conversation";

async function run(
  list: InboxList,
  conv: OpenConversation,
  action: () => Promise<{ conversation: ConversationSummary }>,
  done: string,
): Promise<boolean> {
  try {
    const { conversation } = await action();
    list.accept(conversation);
    conv.acceptSummary(conversation);
    toast(done);
    return true;
  } catch (err) {
    toast(messageOf(err), "error");
    return false;
  }
}

export function assignTo(list: InboxList, conv: OpenConversation, assigneeId: string | null) {
  const me = currentUser.peek()?.id;
  const done = assigneeId === null ? "Unassigned" : assigneeId === me ? "Assigned to you" : `Assigned to ${memberName(assigneeId)}`;
  return run(list, conv, () => inboxApi.assign(conv.id, assigneeId), done);
}

export function changeState(list: InboxList, conv: OpenConversation, body: StateBody) {
  const until = body.snoozedUntil;
  const done =
    body.state === "closed"
      ? "Conversation closed"
      : body.state === "open"
        ? "Conversation reopened"
        : `Snoozed until ${until ? `${listStamp(until, Date.now())} ${clockTime(until)}` : "later"}`;
  return run(list, conv, () => inboxApi.setState(conv.id, body), done);
}

export function saveLabels(list: InboxList, conv: OpenConversation, labels: string[]) {
  list.rememberLabels(labels);
  return run(list, conv, () => inboxApi.setLabels(conv.id, labels), "Labels saved");
}

export async function markUnread(list: InboxList, conv: OpenConversation): Promise<boolean> {
  try {
    list.store.setCursor(await conv.markUnread());
    toast("Marked as unread");
    return true;
  } catch (err) {
    toast(messageOf(err), "error");
    return false;
  }
}

/** Snooze presets: an hour from now, tomorrow at 9:00, next Monday at 9:00. */
export function snoozePresets(from = new Date()): Array<{ label: string; at: number }> {
  const tomorrow = new Date(from);
  tomorrow.setDate(from.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const monday = new Date(from);
  monday.setDate(from.getDate() + ((8 - from.getDay()) % 7 || 7));
  monday.setHours(9, 0, 0, 0);
  return [
    { label: "1 hour", at: from.getTime() + 3600_000 },
    { label: `Tomorrow, ${clockTime(tomorrow.getTime())}`, at: tomorrow.getTime() },
    {
      label: `Next week (${new Intl.DateTimeFormat(undefined, { weekday: "short" }).format(monday)}, ${clockTime(monday.getTime())})`,
      at: monday.getTime(),
    },
  ];
}
