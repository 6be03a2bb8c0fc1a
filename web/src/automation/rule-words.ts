/** Rules in words: the names the editor offers and the one-line summary the list shows. */
import type { Action, Condition, Trigger } from "./automation-api";

export const TRIGGER_LABELS: Record<Trigger, string> = {
  "message.received": "A customer sends a message",
  "message.first": "A customer's first message",
  "message.during_hours": "A message during business hours",
  "message.after_hours": "A message outside business hours",
  "conversation.opened": "A conversation is opened",
  "conversation.closed": "A conversation is closed",
  "conversation.assigned": "A conversation is assigned",
  "contact.created": "A contact is created",
  "contact.stage_changed": "A contact's stage changes",
  "contact.tag_added": "A tag is added to a contact",
  "order.paid": "A customer pays an order's payment link",
  "conversation.intent_detected": "AI detects a conversation's intent",
};

export const CONDITION_FIELDS: Record<Condition["field"], string> = {
  message: "Message",
  contact: "Contact field",
  custom_field: "Custom field",
  label: "Conversation label",
  tag: "Contact tag",
  stage: "Stage",
  number: "WhatsApp number",
  time: "Time",
  assignee: "Assignee",
};

export const ACTION_LABELS: Record<Action["type"], string> = {
  assign_agent: "Assign to an agent",
  assign_round_robin: "Assign in turn (online agents)",
  assign_least_open: "Assign to whoever has the fewest open",
  unassign: "Unassign",
  add_label: "Add label",
  remove_label: "Remove label",
  add_tag: "Add tag",
  remove_tag: "Remove tag",
  set_stage: "Set stage",
  set_field: "Set custom field",
  send_text: "Send a message (window open)",
  add_note: "Add a private note",
  close: "Close the conversation",
};

const OPS: Record<string, string> = {
  contains: "contains",
  matches: "matches",
  equals: "is",
  is_set: "is set",
  is_not_set: "is not set",
  has: "has",
  has_not: "does not have",
  is: "is",
  is_not: "is not",
  in_hours: "within business hours",
  out_of_hours: "outside business hours",
  between: "between",
};
export const opLabel = (op: string) => OPS[op] ?? op;

export function conditionText(c: Condition): string {
  switch (c.field) {
    case "message":
      return c.op === "matches" ? `message matches /${c.value}/` : `message ${opLabel(c.op)} “${c.value}”`;
    case "contact":
    case "custom_field":
      return `${c.key} ${opLabel(c.op)}${c.value && !c.op.startsWith("is_") ? ` “${c.value}”` : ""}`;
    case "label":
    case "tag":
      return `${c.field} ${opLabel(c.op)} ${c.value}`;
    case "stage":
    case "number":
      return `${c.field} ${opLabel(c.op)} ${c.value}`;
    case "time":
      return c.op === "between" ? `time between ${c.from} and ${c.to}` : opLabel(c.op);
    case "assignee":
      return c.op === "is_set" ? "assigned" : "unassigned";
  }
}

export function actionText(a: Action, names: (id: string) => string = (x) => x): string {
  switch (a.type) {
    case "assign_agent":
      return `assign to ${names(a.userId)}`;
    case "assign_round_robin":
    case "assign_least_open":
      return `${a.type === "assign_round_robin" ? "assign in turn" : "assign to fewest open"} among ${a.userIds?.length ? a.userIds.map(names).join(", ") : "everyone"}`;
    case "add_label":
    case "remove_label":
      return `${a.type === "add_label" ? "add" : "remove"} label ${a.label}`;
    case "add_tag":
    case "remove_tag":
      return `${a.type === "add_tag" ? "add" : "remove"} tag ${a.tag}`;
    case "set_stage":
      return `set stage ${a.stage}`;
    case "set_field":
      return `set ${a.key} to “${a.value}”`;
    case "send_text":
      return `send “${a.text.length > 40 ? `${a.text.slice(0, 39)}…` : a.text}”`;
    case "add_note":
      return "add a private note";
    case "unassign":
      return "unassign";
    case "close":
      return "close";
  }
}
