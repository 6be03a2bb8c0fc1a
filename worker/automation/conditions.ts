/** Whether a rule applies to an event: its trigger, then every condition. Pure; the reasons go to the run log. */
import type { Contact, Conversation } from "../../db/schema";
import type { Condition, Trigger } from "../schemas/automation";
import type { AutomationEvent } from "./events";
import { type HoursSpec, isOpen, withinTimeOfDay } from "./hours";

export interface RuleContext {
  event: AutomationEvent;
  conversation: Conversation | null;
  contact: Contact | null;
  /** Null when the org has not switched business hours on. */
  hours: HoursSpec | null;
}

const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().trim();

/** Keywords match whole words or phrases, so "hi" does not fire on "this". */
export function containsKeyword(text: string, list: string): string | null {
  const haystack = ` ${fold(text).replace(/[^\p{L}\p{N}]+/gu, " ")} `;
  for (const raw of list.split(",")) {
    const k = fold(raw)
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
    if (k && haystack.includes(` ${k} `)) return raw.trim();
  }
  return null;
}

export function triggerMatches(trigger: Trigger, ctx: RuleContext): boolean {
  const { event } = ctx;
  switch (trigger) {
    case "message.received":
      return event.type === "message.received";
    case "message.first":
      return event.type === "message.received" && event.first === true;
    case "message.during_hours":
      return event.type === "message.received" && ctx.hours !== null && isOpen(ctx.hours, event.at);
    case "message.after_hours":
      return event.type === "message.received" && ctx.hours !== null && !isOpen(ctx.hours, event.at);
    default:
      return event.type === trigger;
  }
}

/** Why the condition holds (for the log), or null when it does not. */
export function conditionHolds(c: Condition, ctx: RuleContext): string | null {
  const { contact, conversation, event } = ctx;
  switch (c.field) {
    case "message": {
      const text = event.text ?? "";
      if (c.op === "contains") {
        const hit = containsKeyword(text, c.value);
        return hit ? `message contains "${hit}"` : null;
      }
      if (c.op === "equals") return fold(text) === fold(c.value) ? `message is "${c.value}"` : null;
      return new RegExp(c.value, "iu").test(text) ? `message matches /${c.value}/` : null;
    }
    case "contact": {
      const value =
        c.key === "name" ? (contact?.displayName ?? contact?.profileName) : c.key === "phone" ? contact?.waId : contact?.[c.key];
      return textHolds(`contact ${c.key}`, value ?? null, c.op, c.value);
    }
    case "custom_field": {
      const raw = contact?.customFields[c.key];
      const value = raw === undefined || raw === null ? null : Array.isArray(raw) ? raw.join(", ") : String(raw);
      return textHolds(c.key, value, c.op, c.value);
    }
    case "label": {
      const has = conversation?.labels.includes(c.value) ?? false;
      return has === (c.op === "has") ? `label ${c.value} ${has ? "present" : "absent"}` : null;
    }
    case "tag": {
      const has = contact?.tags.includes(c.value) ?? false;
      return has === (c.op === "has") ? `tag ${c.value} ${has ? "present" : "absent"}` : null;
    }
    case "stage": {
      const is = (contact?.stage ?? null) === c.value;
      return is === (c.op === "is") ? `stage ${c.op === "is" ? "is" : "is not"} ${c.value}` : null;
    }
    case "number": {
      const is = conversation?.phoneNumberId === c.value;
      return is === (c.op === "is") ? `number ${c.op === "is" ? "is" : "is not"} ${c.value}` : null;
    }
    case "assignee": {
      const set = Boolean(conversation?.assigneeId);
      return set === (c.op === "is_set") ? (set ? "assigned" : "unassigned") : null;
    }
    case "time": {
      const hours = ctx.hours ?? { timeZone: "UTC", week: [], holidays: [] };
      if (c.op === "between")
        return withinTimeOfDay(hours.timeZone, event.at, c.from!, c.to!) ? `time between ${c.from} and ${c.to}` : null;
      const open = ctx.hours !== null && isOpen(ctx.hours, event.at);
      return open === (c.op === "in_hours") ? (open ? "within business hours" : "outside business hours") : null;
    }
  }
}

function textHolds(name: string, value: string | null, op: "equals" | "contains" | "is_set" | "is_not_set", expected = ""): string | null {
  switch (op) {
    case "is_set":
      return value ? `${name} is set` : null;
    case "is_not_set":
      return value ? null : `${name} is not set`;
    case "equals":
      return value !== null && fold(value) === fold(expected) ? `${name} is "${expected}"` : null;
    case "contains":
      return value !== null && fold(value).includes(fold(expected)) ? `${name} contains "${expected}"` : null;
  }
}

/** Every condition's reason when all hold (a rule without conditions always applies), or null. */
export function ruleApplies(conditions: Condition[], ctx: RuleContext): string[] | null {
  const reasons: string[] = [];
  for (const c of conditions) {
    const why = conditionHolds(c, ctx);
    if (why === null) return null;
    reasons.push(why);
  }
  return reasons;
}
