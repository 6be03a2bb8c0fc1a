/**
 * Automation rules and business hours as the API accepts them: the one source of these types for the
 * domain (worker/automation/), the table's JSON columns and the web editor.
 */
import { z } from "zod";

/** What starts a rule. The message ones all come from one event (a customer wrote), narrowed. */
export const TRIGGERS = [
  "message.received",
  "message.first",
  "message.during_hours",
  "message.after_hours",
  "conversation.opened",
  "conversation.closed",
  "conversation.assigned",
  "contact.created",
  "contact.stage_changed",
  "contact.tag_added",
  "order.paid",
  "conversation.intent_detected",
] as const;
export type Trigger = (typeof TRIGGERS)[number];

const name = z.string().trim().min(1).max(60);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "Use HH:MM, 24-hour (e.g. 09:00).");
const textOp = z.enum(["equals", "contains", "is_set", "is_not_set"]);
const optionalValue = z.string().trim().max(200).optional();

export const condition = z.discriminatedUnion("field", [
  /** Keywords: `contains` any of a comma-separated list (case and accents ignored); `matches`: a regular expression. */
  z.strictObject({ field: z.literal("message"), op: z.enum(["contains", "matches", "equals"]), value: z.string().trim().min(1).max(300) }),
  z.strictObject({ field: z.literal("contact"), key: z.enum(["name", "email", "language", "phone"]), op: textOp, value: optionalValue }),
  z.strictObject({ field: z.literal("custom_field"), key: z.string().trim().min(1).max(60), op: textOp, value: optionalValue }),
  /** The conversation's labels. */
  z.strictObject({ field: z.literal("label"), op: z.enum(["has", "has_not"]), value: name }),
  /** The contact's tags. */
  z.strictObject({ field: z.literal("tag"), op: z.enum(["has", "has_not"]), value: name }),
  z.strictObject({ field: z.literal("stage"), op: z.enum(["is", "is_not"]), value: name }),
  /** The business number (Meta's phone_number_id) the conversation is on. */
  z.strictObject({ field: z.literal("number"), op: z.enum(["is", "is_not"]), value: z.string().trim().min(1).max(32) }),
  /** Business hours, or a time of day in the org's business-hours time zone (`from` may be after `to`: overnight). */
  z
    .strictObject({
      field: z.literal("time"),
      op: z.enum(["in_hours", "out_of_hours", "between"]),
      from: hhmm.optional(),
      to: hhmm.optional(),
    })
    .refine((c) => c.op !== "between" || (c.from && c.to), { message: "between needs from and to (HH:MM).", path: ["from"] }),
  z.strictObject({ field: z.literal("assignee"), op: z.enum(["is_set", "is_not_set"]) }),
]);
export type Condition = z.infer<typeof condition>;

const agents = z.array(z.string().min(1).max(64)).max(50).optional();
export const action = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("assign_agent"), userId: z.string().min(1).max(64) }),
  /** Among `userIds` (empty: every member) who have the inbox open now, in turn. */
  z.strictObject({ type: z.literal("assign_round_robin"), userIds: agents }),
  /** Among `userIds` (empty: every member), whoever has the fewest open conversations. */
  z.strictObject({ type: z.literal("assign_least_open"), userIds: agents }),
  z.strictObject({ type: z.literal("unassign") }),
  z.strictObject({ type: z.literal("add_label"), label: name }),
  z.strictObject({ type: z.literal("remove_label"), label: name }),
  z.strictObject({ type: z.literal("add_tag"), tag: name }),
  z.strictObject({ type: z.literal("remove_tag"), tag: name }),
  z.strictObject({ type: z.literal("set_stage"), stage: name }),
  z.strictObject({ type: z.literal("set_field"), key: z.string().trim().min(1).max(60), value: z.string().max(500) }),
  /** Only while WhatsApp's 24-hour window is open; otherwise the run log says so. */
  z.strictObject({ type: z.literal("send_text"), text: z.string().trim().min(1).max(4096) }),
  z.strictObject({ type: z.literal("add_note"), text: z.string().trim().min(1).max(4096) }),
  z.strictObject({ type: z.literal("close") }),
]);
export type Action = z.infer<typeof action>;

export const ruleBody = z.strictObject({
  name: z.string().trim().min(1, "Give the rule a name.").max(120),
  enabled: z.boolean().default(true),
  trigger: z.enum(TRIGGERS),
  conditions: z.array(condition).max(20).default([]),
  actions: z.array(action).min(1, "Add at least one action.").max(10),
});
export type RuleBody = z.infer<typeof ruleBody>;

export const rulePatch = z.strictObject({
  name: ruleBody.shape.name.optional(),
  enabled: z.boolean().optional(),
  trigger: z.enum(TRIGGERS).optional(),
  conditions: z.array(condition).max(20).optional(),
  actions: z.array(action).min(1, "Add at least one action.").max(10).optional(),
});
export type RulePatch = z.infer<typeof rulePatch>;

export const ruleOrderBody = z.strictObject({ ids: z.array(z.string().min(1).max(64)).max(500) });

export const runsQuery = z.strictObject({
  ruleId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export const openingSpan = z.strictObject({ day: z.enum(DAYS), open: hhmm, close: hhmm });
export type OpeningSpan = z.infer<typeof openingSpan>;

export const businessHoursBody = z.strictObject({
  enabled: z.boolean(),
  timeZone: z.string().min(1).max(64),
  /** Opening spans per weekday, local time; a day without one is closed. */
  week: z.array(openingSpan).max(50),
  /** Whole days closed, YYYY-MM-DD in the time zone. */
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD.")).max(100),
  /** Sent once per conversation per closed period when a customer writes out of hours; null sends none. */
  awayMessage: z.string().trim().min(1).max(1024).nullable(),
});
export type BusinessHoursBody = z.infer<typeof businessHoursBody>;
