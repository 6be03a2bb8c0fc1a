/**
 * A ContactFilter (worker/schemas/contacts.ts) as one SQL condition on `contacts`: the contacts list,
 * segments, bulk actions and exports all select through it, so a segment matches exactly what the list
 * showed when it was saved. Values are always bound parameters; only validated keys reach JSON paths.
 */
import { and, eq, not, or, sql, type SQL } from "drizzle-orm";
import { contactSortName, contacts } from "../../db/schema";
import type { CustomFieldType } from "../../db/tables/crm";
import { AppError } from "../errors";
import type { ContactFilter, FilterGroup, FilterRule } from "../schemas/contacts";

export interface FilterContext {
  /** The stage a contact without one is in. */
  firstStage: string;
  customFields: Map<string, CustomFieldType>;
}

type Value = FilterRule["value"];

const bad = (rule: FilterRule, what: string): never => {
  throw new AppError(422, "invalid_filter", `filter ${rule.field} ${rule.op}: ${what}`);
};

const likePattern = (s: string) => `%${s.toLowerCase().replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`;
const list = (rule: FilterRule, value: Value): (string | number)[] =>
  Array.isArray(value) && value.length ? value : bad(rule, "give a non-empty list of values.");
const str = (rule: FilterRule, value: Value): string =>
  typeof value === "string" || typeof value === "number" ? String(value) : bad(rule, "give a text value.");
const num = (rule: FilterRule, value: Value): number =>
  typeof value === "number" && Number.isFinite(value) ? value : bad(rule, "give a number.");

function textRule(expr: SQL, rule: FilterRule): SQL {
  const v = rule.value;
  switch (rule.op) {
    case "eq":
      return sql`lower(${expr}) = ${str(rule, v).toLowerCase()}`;
    case "neq":
      return sql`coalesce(lower(${expr}), '') <> ${str(rule, v).toLowerCase()}`;
    case "contains":
      return sql`lower(${expr}) like ${likePattern(str(rule, v))} escape '\\'`;
    case "in":
      return sql`lower(${expr}) in (${sql.join(
        list(rule, v).map((x) => sql`${String(x).toLowerCase()}`),
        sql`, `,
      )})`;
    case "set":
      return sql`coalesce(${expr}, '') <> ''`;
    case "unset":
      return sql`coalesce(${expr}, '') = ''`;
    default:
      return bad(rule, "use eq, neq, contains, in, set or unset for text.");
  }
}

function numberRule(expr: SQL, rule: FilterRule): SQL {
  const v = rule.value;
  switch (rule.op) {
    case "eq":
      return sql`${expr} = ${num(rule, v)}`;
    case "neq":
      return sql`(${expr} is null or ${expr} <> ${num(rule, v)})`;
    case "gt":
      return sql`${expr} > ${num(rule, v)}`;
    case "gte":
      return sql`${expr} >= ${num(rule, v)}`;
    case "lt":
      return sql`${expr} < ${num(rule, v)}`;
    case "lte":
      return sql`${expr} <= ${num(rule, v)}`;
    case "in":
      return sql`${expr} in (${sql.join(
        list(rule, v).map((x) => sql`${Number(x)}`),
        sql`, `,
      )})`;
    case "set":
      return sql`${expr} is not null`;
    case "unset":
      return sql`${expr} is null`;
    default:
      return bad(rule, "use eq, neq, gt, gte, lt, lte, in, set or unset for numbers and dates.");
  }
}

/** A JSON array of strings (tags, labels, a multiselect): has this one, any of these, none, empty. */
function arrayRule(json: SQL, rule: FilterRule): SQL {
  const v = rule.value;
  switch (rule.op) {
    case "eq":
    case "contains":
      return sql`exists (select 1 from json_each(${json}) where value = ${str(rule, v)})`;
    case "in":
      return sql`exists (select 1 from json_each(${json}) where value in (${sql.join(
        list(rule, v).map((x) => sql`${String(x)}`),
        sql`, `,
      )}))`;
    case "neq":
      return sql`not exists (select 1 from json_each(${json}) where value = ${str(rule, v)})`;
    case "set":
      return sql`coalesce(json_array_length(${json}), 0) > 0`;
    case "unset":
      return sql`coalesce(json_array_length(${json}), 0) = 0`;
    default:
      return bad(rule, "use eq, neq, in, set or unset for lists.");
  }
}

const optedOut = sql`(${contacts.marketingOptOutAt} is not null and (${contacts.marketingOptInAt} is null or ${contacts.marketingOptOutAt} >= ${contacts.marketingOptInAt}))`;
const MARKETING: Record<string, SQL> = {
  opted_out: optedOut,
  opted_in: sql`(${contacts.marketingOptInAt} is not null and not ${optedOut})`,
  unknown: sql`(${contacts.marketingOptInAt} is null and ${contacts.marketingOptOutAt} is null)`,
};

const digitsOf = (s: string) => s.replace(/\D/g, "");

function searchRule(rule: FilterRule): SQL {
  const q = str(rule, rule.value).trim();
  // Digits search phones only when the query looks like a phone number, not a name with a number in it.
  const digits = /^[\d\s+().-]+$/.test(q) ? digitsOf(q) : "";
  return or(
    sql`${contactSortName(contacts.displayName, contacts.profileName)} like ${likePattern(q)} escape '\\'`,
    sql`${contacts.email} like ${likePattern(q)} escape '\\'`,
    // A phone in any format: "+351 912-345", "00351912345" and "912345" all find 351912345…
    digits.length >= 3 ? sql`${contacts.waId} like ${`%${digits.replace(/^00/, "")}%`}` : undefined,
    sql`exists (select 1 from json_each(${contacts.tags}) where value = ${q})`,
  )!;
}

function ruleSql(rule: FilterRule, ctx: FilterContext): SQL {
  const c = contacts;
  switch (rule.field) {
    case "search":
      return searchRule(rule);
    case "name":
      return textRule(contactSortName(c.displayName, c.profileName), rule);
    case "phone": {
      if (rule.op === "set" || rule.op === "unset") return textRule(sql`${c.waId}`, rule);
      const digits = digitsOf(str(rule, rule.value)).replace(/^00/, "");
      if (!digits) bad(rule, "give a phone number.");
      if (rule.op === "eq") return sql`${c.waId} = ${digits}`;
      if (rule.op === "contains") return sql`${c.waId} like ${`%${digits}%`}`;
      return bad(rule, "use eq, contains, set or unset for phone numbers.");
    }
    case "email":
      return textRule(sql`${c.email}`, rule);
    case "language":
      return textRule(sql`${c.language}`, rule);
    case "city":
      return textRule(sql`json_extract(${c.address}, '$.city')`, rule);
    case "country":
      return textRule(sql`json_extract(${c.address}, '$.country')`, rule);
    case "tag":
      return arrayRule(sql`${c.tags}`, rule);
    case "label":
      return arrayRule(sql`${c.labels}`, rule);
    case "stage":
      return textRule(sql`coalesce(${c.stage}, ${ctx.firstStage})`, rule);
    case "owner":
      return textRule(sql`${c.ownerId}`, rule);
    case "optIn": {
      const status = str(rule, rule.value);
      const cond = MARKETING[status] ?? bad(rule, "give opted_in, opted_out or unknown.");
      if (rule.op === "eq") return cond;
      if (rule.op === "neq") return not(cond);
      return bad(rule, "use eq or neq for optIn.");
    }
    case "leadScore":
      return numberRule(sql`${c.leadScore}`, rule);
    case "conversationCount":
      return numberRule(sql`${c.conversationCount}`, rule);
    case "createdAt":
      return numberRule(sql`${c.createdAt}`, rule);
    case "updatedAt":
      return numberRule(sql`${c.updatedAt}`, rule);
    case "lastInboundAt":
      return numberRule(sql`${c.lastInboundAt}`, rule);
    case "lastOutboundAt":
      return numberRule(sql`${c.lastOutboundAt}`, rule);
  }
  const key = rule.field.startsWith("custom.") ? rule.field.slice("custom.".length) : null;
  const type = key ? ctx.customFields.get(key) : undefined;
  if (!key || !type) return bad(rule, "no such field.");
  const path = `$.${key}`;
  const value = sql`json_extract(${c.customFields}, ${path})`;
  switch (type) {
    case "number":
      return numberRule(value, rule);
    case "boolean":
      if (rule.op === "set" || rule.op === "unset") return numberRule(value, rule);
      if (typeof rule.value !== "boolean" || (rule.op !== "eq" && rule.op !== "neq")) return bad(rule, "use eq or neq with true or false.");
      return rule.op === "eq" ? sql`${value} = ${rule.value ? 1 : 0}` : sql`coalesce(${value}, 0) <> ${rule.value ? 1 : 0}`;
    case "multiselect":
      return arrayRule(sql`json_extract(${c.customFields}, ${path})`, rule);
    case "date":
      // Dates are stored as YYYY-MM-DD, which compares correctly as text.
      if (["gt", "gte", "lt", "lte"].includes(rule.op)) {
        const op = { gt: ">", gte: ">=", lt: "<", lte: "<=" }[rule.op as "gt"];
        return sql`${value} ${sql.raw(op)} ${str(rule, rule.value)}`;
      }
      return textRule(value, rule);
    default:
      return textRule(value, rule);
  }
}

function groupSql(group: FilterGroup | ContactFilter, ctx: FilterContext): SQL | undefined {
  const parts = group.rules.map((r) => ("field" in r ? ruleSql(r, ctx) : groupSql(r, ctx))).filter((p): p is SQL => Boolean(p));
  if (!parts.length) return undefined;
  return group.match === "any" ? or(...parts) : and(...parts);
}

/** The filter as a condition, org scope included, so no caller can forget it. */
export function filterSql(orgId: string, filter: ContactFilter | undefined, ctx: FilterContext): SQL {
  return and(eq(contacts.orgId, orgId), filter ? groupSql(filter, ctx) : undefined)!;
}
