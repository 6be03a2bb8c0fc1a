/** The Queue messages of Web Push: one fan-out per event, then one delivery per device (each retried alone). */
import type { PushEvent } from "../../db/tables/push";

/** What the service worker shows; its text already follows the org's privacy setting. */
export interface PushNotification {
  title: string;
  body: string;
  /** Notifications with one tag replace each other: one per conversation on the lock screen. */
  tag: string;
  conversationId: string;
  /** The app path clicking opens. */
  url: string;
  event: PushEvent;
}

/** Something happened that may notify people; who, and with what text, is decided by the consumer. */
export interface PushNotifyJob {
  kind: "push.notify";
  orgId: string;
  event: PushEvent;
  conversationId: string;
  /** Who did it (a note's author): never notified of their own doing. */
  actorId?: string;
  /** mention: the members a note named. */
  userIds?: string[];
  /** mention: the note's text, for a full preview. */
  text?: string;
  /** Users who saw it happen in an open, visible tab; absent: the room is asked when the job runs. */
  seenBy?: string[];
  /** windowClosing: when it closes. */
  closesAt?: number;
}

export interface PushDeliverJob {
  kind: "push.deliver";
  orgId: string;
  subscriptionId: string;
  notification: PushNotification;
}

export type PushJob = PushNotifyJob | PushDeliverJob;
