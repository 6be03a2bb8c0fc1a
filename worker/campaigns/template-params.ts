/**
 * A campaign's template parameters: each `{{n}}` of the body gets its value from the contact (name,
 * first name, phone), one of its custom fields, a tag with a prefix (`city:Lisbon` → `Lisbon`) or a fixed text. A value that
 * resolves empty with no fallback excludes the recipient up front, rather than letting Meta reject the
 * send (or, worse, send "Hi ,").
 */
import type { ParamSource } from "../../durable/campaign-protocol";
import type { CustomFieldValue } from "../../db/schema";

export interface ParamContact {
  waId: string | null;
  displayName: string | null;
  profileName: string | null;
  tags: string[];
  customFields: Record<string, CustomFieldValue>;
}

/** How many distinct `{{n}}` the body uses (Meta numbers them 1..n). */
export function placeholderCount(bodyText: string): number {
  return new Set([...bodyText.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1])).size;
}

export function resolveParams(sources: ParamSource[], contact: ParamContact): { params: string[]; missing: boolean } {
  let missing = false;
  const params = sources.map((s) => {
    const value = (sourceValue(s, contact) ?? "").trim() || (s.source === "fixed" ? "" : (s.fallback ?? "").trim());
    if (!value) missing = true;
    // Meta refuses parameters with newlines, tabs or more than four spaces in a row (error 132018).
    return value.replace(/[\n\t]+/g, " ").replace(/ {5,}/g, "    ");
  });
  return { params, missing };
}

function sourceValue(s: ParamSource, c: ParamContact): string | null {
  switch (s.source) {
    case "fixed":
      return s.value;
    case "tag": {
      const tag = c.tags.find((t) => t.toLowerCase().startsWith(s.prefix.toLowerCase()));
      return tag ? tag.slice(s.prefix.length) : null;
    }
    case "custom": {
      const value = c.customFields[s.key];
      if (value === undefined || value === null) return null;
      if (Array.isArray(value)) return value.join(", ");
      if (typeof value === "boolean") return value ? "Yes" : "No";
      return String(value);
    }
    case "field": {
      const name = c.displayName ?? c.profileName;
      if (s.field === "name") return name;
      if (s.field === "firstName") return name?.split(/\s+/)[0] ?? null;
      return c.waId ? `+${c.waId}` : null;
    }
  }
}

/** The body as the recipient will read it. */
export const renderBody = (bodyText: string, params: string[]) =>
  bodyText.replace(/\{\{(\d+)\}\}/g, (_, n: string) => params[Number(n) - 1] ?? "");
