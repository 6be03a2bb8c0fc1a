/**
 * Request bodies and queries for the CRM API (contacts, filters, segments, fields, stages, labels): the
 * one source of these types for the Worker and web/ (zod/mini, so the browser bundle stays small).
 */
import { z } from "zod/mini";
import { customFieldTypes } from "../../db/tables/crm";

const int = (min: number, max: number) => z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max));
const trimmed = (max: number) => z.string().check(z.trim(), z.maxLength(max));
const nonEmpty = (max: number, what: string) => z.string().check(z.trim(), z.minLength(1, `${what} cannot be empty.`), z.maxLength(max));
const label = nonEmpty(40, "A label");
const tag = nonEmpty(40, "A tag");
const fieldKey = z
  .string()
  .check(z.regex(/^[a-z][a-z0-9_]{0,39}$/, "Keys are lower-case letters, digits and _ (up to 40), starting with a letter."));
const stageKey = z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "Stage keys are lower-case letters, digits, - and _ (up to 40)."));
const color = z.string().check(z.regex(/^#[0-9a-f]{6}$/i, "Colours are #rrggbb."));

/** Fields a filter rule can test; `custom.<key>` tests a custom field. */
export const filterFields = [
  "search",
  "name",
  "phone",
  "email",
  "tag",
  "label",
  "stage",
  "leadScore",
  "owner",
  "optIn",
  "language",
  "city",
  "country",
  "createdAt",
  "updatedAt",
  "lastInboundAt",
  "lastOutboundAt",
  "conversationCount",
] as const;
export type FilterField = (typeof filterFields)[number] | `custom.${string}`;

export const filterOps = ["eq", "neq", "contains", "in", "gt", "gte", "lt", "lte", "set", "unset"] as const;
export type FilterOp = (typeof filterOps)[number];

const filterValue = z.optional(
  z.union([
    z.string().check(z.maxLength(200)),
    z.number(),
    z.boolean(),
    z.array(z.union([z.string().check(z.maxLength(200)), z.number()])).check(z.maxLength(100)),
  ]),
);
export const filterRule = z.strictObject({
  field: z
    .string()
    .check(
      z.refine(
        (f) => (filterFields as readonly string[]).includes(f) || /^custom\.[a-z][a-z0-9_]{0,39}$/.test(f),
        "Unknown field to filter on.",
      ),
    ),
  op: z.enum(filterOps),
  value: filterValue,
});
export const filterGroup = z.strictObject({
  match: z.enum(["all", "any"]),
  rules: z.array(filterRule).check(z.maxLength(30)),
});
/** A contact filter: rules and groups of rules, all (AND) or any (OR) of them; nested one level. */
export const contactFilter = z.strictObject({
  match: z._default(z.enum(["all", "any"]), "all"),
  rules: z._default(z.array(z.union([filterRule, filterGroup])).check(z.maxLength(30)), []),
});
export type FilterRule = z.infer<typeof filterRule>;
export type FilterGroup = z.infer<typeof filterGroup>;
export type ContactFilter = z.infer<typeof contactFilter>;

export const contactSorts = ["updatedAt", "createdAt", "name", "lastInboundAt", "leadScore"] as const;
export type ContactSort = (typeof contactSorts)[number];

export const listContactsQuery = z.strictObject({
  q: z.optional(trimmed(100)),
  /** A ContactFilter as JSON. */
  filter: z.optional(z.string().check(z.maxLength(8000))),
  segmentId: z.optional(z.string().check(z.maxLength(100))),
  sort: z._default(z.enum(contactSorts), "updatedAt"),
  dir: z._default(z.enum(["asc", "desc"]), "desc"),
  cursor: z.optional(z.string().check(z.maxLength(400))),
  limit: z._default(int(1, 200), 50),
});
export type ListContactsQuery = z.infer<typeof listContactsQuery>;

export const addressBody = z.strictObject({
  street: z.optional(trimmed(200)),
  city: z.optional(trimmed(100)),
  postalCode: z.optional(trimmed(20)),
  country: z.optional(z.string().check(z.regex(/^[A-Z]{2}$/, "country is a two-letter ISO code, e.g. PT."))),
});

export const customFieldValue = z.union([
  z.string().check(z.maxLength(2000)),
  z.number(),
  z.boolean(),
  z.array(z.string().check(z.maxLength(200))).check(z.maxLength(50)),
]);

/** Field by field: only the fields present change, so two agents editing different fields never collide. */
export const contactPatchBody = z
  .strictObject({
    displayName: z.optional(z.nullable(trimmed(100))),
    email: z.optional(z.nullable(z.email("email is not a valid address.").check(z.maxLength(200)))),
    address: z.optional(z.nullable(addressBody)),
    language: z.optional(
      z.nullable(z.string().check(z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "language is a language tag, e.g. pt or pt-BR."))),
    ),
    notes: z.optional(z.nullable(z.string().check(z.maxLength(8000)))),
    tags: z.optional(z.array(tag).check(z.maxLength(30))),
    labels: z.optional(z.array(label).check(z.maxLength(20))),
    stage: z.optional(stageKey),
    leadScore: z.optional(z.nullable(z.number().check(z.int("leadScore is a whole number."), z.minimum(0), z.maximum(100)))),
    ownerId: z.optional(z.nullable(z.string().check(z.maxLength(100)))),
    /** Only the keys present change; null clears one. */
    customFields: z.optional(z.record(fieldKey, z.nullable(customFieldValue))),
    /** Marketing consent: opting in needs a recorded basis (how the customer agreed). */
    marketing: z.optional(
      z.discriminatedUnion("status", [
        z.strictObject({ status: z.literal("opted_in"), basis: nonEmpty(500, "The basis for the opt-in") }),
        z.strictObject({ status: z.literal("opted_out") }),
      ]),
    ),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, "Change at least one field."));
export type ContactPatch = z.infer<typeof contactPatchBody>;

/** A new contact: a phone (any format; `country` for one written without its code) or an email, or both. */
export const createContactBody = z
  .strictObject({
    phone: z.optional(z.string().check(z.trim(), z.maxLength(40))),
    country: z.optional(z.string().check(z.regex(/^[A-Z]{2}$/, "country is a two-letter code, e.g. PT."))),
    displayName: z.optional(trimmed(100)),
    email: z.optional(z.email("email is not a valid address.").check(z.maxLength(200))),
  })
  .check(z.refine((b) => Boolean(b.phone || b.email), "Give a phone number or an email."));
export type CreateContact = z.infer<typeof createContactBody>;

export const bulkAction = z.discriminatedUnion("type", [
  z.strictObject({ type: z.enum(["addTag", "removeTag"]), tag }),
  z.strictObject({ type: z.enum(["addLabel", "removeLabel"]), label }),
  z.strictObject({ type: z.literal("setStage"), stage: stageKey }),
  z.strictObject({ type: z.literal("setOwner"), ownerId: z.nullable(z.string().check(z.maxLength(100))) }),
  z.strictObject({ type: z.literal("optOut") }),
  z.strictObject({ type: z.literal("delete") }),
  z.strictObject({ type: z.literal("addToSegment"), segmentId: z.string().check(z.maxLength(100)) }),
]);
export type BulkAction = z.infer<typeof bulkAction>;

/** Either chosen contacts or everything a filter matches. */
export const bulkBody = z
  .strictObject({
    ids: z.optional(z.array(z.string().check(z.maxLength(100))).check(z.minLength(1), z.maxLength(1000))),
    filter: z.optional(contactFilter),
    action: bulkAction,
  })
  .check(z.refine((b) => Boolean(b.ids) !== Boolean(b.filter), "Send either ids or filter."));

export const segmentBody = z.strictObject({ name: nonEmpty(80, "The segment's name"), filter: contactFilter });

export const customFieldBody = z.strictObject({
  key: fieldKey,
  label: nonEmpty(80, "The label"),
  type: z.enum(customFieldTypes),
  options: z._default(z.array(nonEmpty(100, "An option")).check(z.maxLength(100)), []),
  required: z._default(z.boolean(), false),
});
export const customFieldUpdateBody = z.strictObject({
  label: z.optional(nonEmpty(80, "The label")),
  options: z.optional(z.array(nonEmpty(100, "An option")).check(z.maxLength(100))),
  required: z.optional(z.boolean()),
  position: z.optional(int(0, 1000)),
});

export const stagesBody = z.strictObject({
  stages: z
    .array(z.strictObject({ key: stageKey, name: nonEmpty(60, "A stage's name"), color: color }))
    .check(z.minLength(1, "Keep at least one stage."), z.maxLength(20)),
});

export const labelBody = z.strictObject({ name: label, color });

export const mergeBody = z.strictObject({
  survivorId: z.string().check(z.maxLength(100)),
  otherId: z.string().check(z.maxLength(100)),
  /** Each contact's `version` as the caller saw it: a merge over an edit made since is refused (409 contact_changed). */
  survivorVersion: z.number().check(z.int("survivorVersion is the contact's version, a whole number."), z.minimum(0)),
  otherVersion: z.number().check(z.int("otherVersion is the contact's version, a whole number."), z.minimum(0)),
  /** For each conflicting field, whose value to keep (default: the survivor's). */
  pick: z._default(z.record(z.string().check(z.maxLength(60)), z.enum(["survivor", "other"])), {}),
});
export type MergeBody = z.infer<typeof mergeBody>;
