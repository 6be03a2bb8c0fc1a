/**
 * What a notification says, by the org's privacy setting: `full` shows who and what, `sender` who but
 * never what, `none` neither (a lock screen anyone can read). Pure, so each mode is testable as text.
 */
import type { PushEvent, PushPreview } from "../../db/tables/push";
import type { PushNotification } from "./push-job";

export interface NotificationFacts {
  event: PushEvent;
  conversationId: string;
  /** The customer as the inbox names them. */
  contactName: string;
  /** The message's or the note's text. */
  text?: string;
  /** mention: who wrote the note. */
  authorName?: string;
  /** windowClosing: minutes left. */
  minutesLeft?: number;
}

/** Push services accept about 4 KB encrypted; a preview is a glance, not the message. */
const MAX_PREVIEW = 180;

const clip = (s: string) => (s.length > MAX_PREVIEW ? `${s.slice(0, MAX_PREVIEW - 1)}…` : s);

const GENERIC: Record<PushEvent, string> = {
  newConversation: "New conversation",
  assignedMessage: "New message in your conversation",
  mention: "You were mentioned in a note",
  windowClosing: "A reply window is closing",
};

export function notificationText(preview: PushPreview, f: NotificationFacts): PushNotification {
  const base = {
    tag: `conversation:${f.conversationId}`,
    conversationId: f.conversationId,
    url: `/inbox/${f.conversationId}`,
    event: f.event,
  };
  if (preview === "none") return { ...base, title: "Parley", body: GENERIC[f.event] };
  const full = preview === "full";
  switch (f.event) {
    case "newConversation":
      return { ...base, title: f.contactName, body: full && f.text ? clip(f.text) : "New conversation" };
    case "assignedMessage":
      return { ...base, title: f.contactName, body: full && f.text ? clip(f.text) : "New message" };
    case "mention":
      return {
        ...base,
        title: `${f.authorName ?? "A teammate"} mentioned you`,
        body: full && f.text ? clip(f.text) : `In the conversation with ${f.contactName}`,
      };
    case "windowClosing": {
      const left = f.minutesLeft ?? 60;
      return { ...base, title: f.contactName, body: `The 24-hour reply window closes in ${left} minute${left === 1 ? "" : "s"}` };
    }
  }
}
