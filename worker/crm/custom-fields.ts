/** Custom field definitions (admins) and the validation of values against them (anyone who edits a contact). */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { CustomFieldValue } from "../../db/schema";
import { customFieldDefs, type CustomFieldDef, type CustomFieldType } from "../../db/tables/crm";
import { AppError } from "../errors";
import { isUniqueViolation } from "./unique-violation";

export type CustomFieldView = Omit<CustomFieldDef, "orgId">;

export async function listCustomFields(db: Db, orgId: string): Promise<CustomFieldView[]> {
  const rows = await db
    .select()
    .from(customFieldDefs)
    .where(eq(customFieldDefs.orgId, orgId))
    .orderBy(asc(customFieldDefs.position), asc(customFieldDefs.createdAt))
    .all();
  return rows.map(({ orgId: _o, ...f }) => f);
}

const isSelect = (type: CustomFieldType) => type === "select" || type === "multiselect";

export async function createCustomField(
  db: Db,
  orgId: string,
  body: { key: string; label: string; type: CustomFieldType; options: string[]; required: boolean },
): Promise<CustomFieldView> {
  if (isSelect(body.type) && !body.options.length) {
    throw new AppError(422, "options_required", "options: a select field needs at least one option.");
  }
  const existing = await listCustomFields(db, orgId);
  const row = {
    id: `cf_${crypto.randomUUID()}`,
    orgId,
    ...body,
    options: isSelect(body.type) ? [...new Set(body.options)] : [],
    position: existing.length,
    createdAt: Date.now(),
  };
  try {
    await db.insert(customFieldDefs).values(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(409, "field_key_taken", `key: a field "${body.key}" already exists.`);
    throw err;
  }
  const { orgId: _o, ...view } = row;
  return view;
}

export async function updateCustomField(
  db: Db,
  orgId: string,
  id: string,
  body: { label?: string; options?: string[]; required?: boolean; position?: number },
): Promise<CustomFieldView> {
  const where = and(eq(customFieldDefs.id, id), eq(customFieldDefs.orgId, orgId));
  const field = await db.select().from(customFieldDefs).where(where).get();
  if (!field) throw new AppError(404, "field_not_found", "No such custom field in your organization.");
  if (body.options && isSelect(field.type) && !body.options.length) {
    throw new AppError(422, "options_required", "options: a select field needs at least one option.");
  }
  const next = { ...body, ...(body.options && { options: isSelect(field.type) ? [...new Set(body.options)] : [] }) };
  if (Object.keys(next).length) await db.update(customFieldDefs).set(next).where(where);
  const { orgId: _o, ...view } = { ...field, ...next };
  return view;
}

/** Values stay on contacts (harmless JSON keys no definition names); a new field with the key starts from them. */
export async function deleteCustomField(db: Db, orgId: string, id: string): Promise<void> {
  const res = await db
    .delete(customFieldDefs)
    .where(and(eq(customFieldDefs.id, id), eq(customFieldDefs.orgId, orgId)))
    .run();
  if (!res.meta.changes) throw new AppError(404, "field_not_found", "No such custom field in your organization.");
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type FieldCheck = { ok: true; value: CustomFieldValue } | { ok: false; message: string };

const ok = (value: CustomFieldValue): FieldCheck => ({ ok: true, value });

/** A value for one field, normalized (CSV text too), or a field-level message (for 422s and import reports). */
export function checkFieldValue(field: Pick<CustomFieldDef, "key" | "type" | "options" | "label">, value: unknown): FieldCheck {
  const bad = (what: string): FieldCheck => ({ ok: false, message: `customFields.${field.key}: ${what}` });
  switch (field.type) {
    case "text":
      return typeof value === "string" ? ok(value) : bad(`${field.label} is text.`);
    case "number": {
      const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      return typeof n === "number" && Number.isFinite(n) ? ok(n) : bad(`${field.label} is a number.`);
    }
    case "date":
      return typeof value === "string" && DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? ok(value)
        : bad(`${field.label} is a date, YYYY-MM-DD.`);
    case "boolean": {
      if (typeof value === "boolean") return ok(value);
      if (value === "true" || value === "yes" || value === "1") return ok(true);
      if (value === "false" || value === "no" || value === "0") return ok(false);
      return bad(`${field.label} is true or false.`);
    }
    case "url": {
      if (typeof value === "string") {
        try {
          const url = new URL(value);
          if (url.protocol === "http:" || url.protocol === "https:") return ok(value);
        } catch {}
      }
      return bad(`${field.label} is a web address starting with http:// or https://.`);
    }
    case "select":
      return typeof value === "string" && field.options.includes(value)
        ? ok(value)
        : bad(`${field.label} is one of ${field.options.map((o) => `"${o}"`).join(", ")}.`);
    case "multiselect": {
      const list =
        typeof value === "string"
          ? value
              .split(/[;|]/)
              .map((v) => v.trim())
              .filter(Boolean)
          : value;
      if (!Array.isArray(list)) return bad(`${field.label} is a list of options.`);
      const wrong = list.find((v) => typeof v !== "string" || !field.options.includes(v));
      return wrong === undefined ? ok([...new Set(list as string[])]) : bad(`"${String(wrong)}" is not one of ${field.label}'s options.`);
    }
  }
}

/**
 * Applies a patch of custom field values to the current ones: unknown keys and bad values are refused
 * (422, naming the field), null clears a value, a required field cannot be cleared.
 */
export function mergeFieldValues(
  defs: CustomFieldView[],
  current: Record<string, CustomFieldValue>,
  patch: Record<string, unknown>,
): Record<string, CustomFieldValue> {
  const next = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    const field = defs.find((f) => f.key === key);
    if (!field) throw new AppError(422, "unknown_field", `customFields.${key}: no such custom field.`);
    if (value === null || value === "" || (Array.isArray(value) && !value.length)) {
      if (field.required) throw new AppError(422, "field_required", `customFields.${key}: ${field.label} is required.`);
      delete next[key];
      continue;
    }
    const checked = checkFieldValue(field, value);
    if (!checked.ok) throw new AppError(422, "invalid_field_value", checked.message);
    next[key] = checked.value;
  }
  return next;
}
