/**
 * Builds a ContactFilter: rules on any field (custom fields included) joined by all/any, plus groups of
 * rules with their own all/any, so "VIP and (score ≥ 80 or city is Porto)" can be said.
 */
import type { ContactFilter } from "../api/crm";
import type { FilterGroup, FilterOp, FilterRule } from "../../../worker/schemas/contacts";
import { CloseIcon, PlusIcon } from "../components/icons";
import { customFields, stages } from "./crm-meta";

type Kind = "text" | "number" | "date" | "list" | "choice";
interface FieldChoice {
  field: string;
  label: string;
  kind: Kind;
  options?: { value: string; label: string }[];
}

const OPS: Record<Kind, { op: FilterOp; label: string }[]> = {
  text: [
    { op: "contains", label: "contains" },
    { op: "eq", label: "is" },
    { op: "neq", label: "is not" },
    { op: "set", label: "is set" },
    { op: "unset", label: "is empty" },
  ],
  number: [
    { op: "gte", label: "≥" },
    { op: "lte", label: "≤" },
    { op: "eq", label: "=" },
    { op: "set", label: "is set" },
    { op: "unset", label: "is empty" },
  ],
  date: [
    { op: "gte", label: "on or after" },
    { op: "lte", label: "on or before" },
    { op: "set", label: "is set" },
    { op: "unset", label: "is empty" },
  ],
  list: [
    { op: "eq", label: "has" },
    { op: "neq", label: "has not" },
    { op: "set", label: "has any" },
    { op: "unset", label: "has none" },
  ],
  choice: [
    { op: "eq", label: "is" },
    { op: "neq", label: "is not" },
  ],
};

function fieldChoices(): FieldChoice[] {
  const builtIn: FieldChoice[] = [
    { field: "name", label: "Name", kind: "text" },
    { field: "phone", label: "Phone", kind: "text" },
    { field: "email", label: "Email", kind: "text" },
    { field: "tag", label: "Tag", kind: "list" },
    { field: "label", label: "Label", kind: "list" },
    { field: "stage", label: "Stage", kind: "choice", options: stages.value.map((s) => ({ value: s.key, label: s.name })) },
    { field: "leadScore", label: "Lead score", kind: "number" },
    {
      field: "optIn",
      label: "Marketing",
      kind: "choice",
      options: [
        { value: "opted_in", label: "Opted in" },
        { value: "opted_out", label: "Opted out" },
        { value: "unknown", label: "No consent recorded" },
      ],
    },
    { field: "language", label: "Language", kind: "text" },
    { field: "city", label: "City", kind: "text" },
    { field: "country", label: "Country", kind: "text" },
    { field: "conversationCount", label: "Conversations", kind: "number" },
    { field: "lastInboundAt", label: "Last message", kind: "date" },
    { field: "createdAt", label: "Added", kind: "date" },
  ];
  const custom = customFields.value.map((f): FieldChoice => {
    const field = `custom.${f.key}`;
    if (f.type === "number") return { field, label: f.label, kind: "number" };
    if (f.type === "multiselect") return { field, label: f.label, kind: "list" };
    if (f.type === "select") return { field, label: f.label, kind: "choice", options: f.options.map((o) => ({ value: o, label: o })) };
    if (f.type === "boolean")
      return {
        field,
        label: f.label,
        kind: "choice",
        options: [
          { value: "true", label: "Yes" },
          { value: "false", label: "No" },
        ],
      };
    return { field, label: f.label, kind: "text" };
  });
  return [...builtIn, ...custom];
}

const needsValue = (op: FilterOp) => op !== "set" && op !== "unset";

/** Dates are picked as days and sent as epoch milliseconds; booleans as booleans; numbers as numbers. */
function toValue(choice: FieldChoice | undefined, raw: string): FilterRule["value"] {
  if (!choice) return raw;
  if (choice.kind === "number") return raw === "" ? undefined : Number(raw);
  if (choice.kind === "date") return raw ? Date.parse(raw) : undefined;
  if (choice.field.startsWith("custom.") && (raw === "true" || raw === "false") && choice.options?.length === 2) return raw === "true";
  return raw;
}
function fromValue(choice: FieldChoice | undefined, value: FilterRule["value"]): string {
  if (value === undefined) return "";
  if (choice?.kind === "date" && typeof value === "number") return new Date(value).toISOString().slice(0, 10);
  return String(value);
}

function RuleRow({ rule, onChange, onRemove }: { rule: FilterRule; onChange: (r: FilterRule) => void; onRemove: () => void }) {
  const choices = fieldChoices();
  const choice = choices.find((c) => c.field === rule.field);
  const ops = OPS[choice?.kind ?? "text"];
  return (
    <div class="crm-rule">
      <select
        class="select select-sm"
        aria-label="Field"
        value={rule.field}
        onChange={(e) => {
          const next = choices.find((c) => c.field === e.currentTarget.value);
          onChange({ field: e.currentTarget.value, op: OPS[next?.kind ?? "text"][0]!.op, value: next?.options?.[0]?.value });
        }}
      >
        {choices.map((c) => (
          <option key={c.field} value={c.field}>
            {c.label}
          </option>
        ))}
      </select>
      <select
        class="select select-sm"
        aria-label="Condition"
        value={rule.op}
        onChange={(e) => onChange({ ...rule, op: e.currentTarget.value as FilterOp })}
      >
        {ops.map((o) => (
          <option key={o.op} value={o.op}>
            {o.label}
          </option>
        ))}
      </select>
      {needsValue(rule.op) &&
        (choice?.options ? (
          <select
            class="select select-sm"
            aria-label="Value"
            value={fromValue(choice, rule.value)}
            onChange={(e) => onChange({ ...rule, value: toValue(choice, e.currentTarget.value) })}
          >
            {choice.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : (
          <input
            class="input input-sm"
            aria-label="Value"
            type={(choice?.kind === "number" ? "number" : choice?.kind === "date" ? "date" : "text") as "text"}
            value={fromValue(choice, rule.value)}
            onChange={(e) => onChange({ ...rule, value: toValue(choice, e.currentTarget.value) })}
          />
        ))}
      <button type="button" class="btn btn-ghost btn-icon btn-sm" aria-label="Remove condition" onClick={onRemove}>
        <CloseIcon />
      </button>
    </div>
  );
}

const newRule = (): FilterRule => ({ field: "tag", op: "eq", value: "" });

function MatchSelect({ value, onChange }: { value: "all" | "any"; onChange: (v: "all" | "any") => void }) {
  return (
    <select class="select select-sm" aria-label="Match" value={value} onChange={(e) => onChange(e.currentTarget.value as "all" | "any")}>
      <option value="all">all of</option>
      <option value="any">any of</option>
    </select>
  );
}

export function FilterBuilder({ filter, onChange }: { filter: ContactFilter; onChange: (f: ContactFilter) => void }) {
  const setRule = (i: number, r: FilterRule | FilterGroup | null) =>
    onChange({ ...filter, rules: r ? filter.rules.map((x, j) => (j === i ? r : x)) : filter.rules.filter((_, j) => j !== i) });
  return (
    <div class="crm-filter" aria-label="Filters">
      <div class="crm-filter-head">
        Contacts matching <MatchSelect value={filter.match} onChange={(match) => onChange({ ...filter, match })} /> these:
      </div>
      {filter.rules.map((r, i) =>
        "field" in r ? (
          <RuleRow key={i} rule={r} onChange={(next) => setRule(i, next)} onRemove={() => setRule(i, null)} />
        ) : (
          <div key={i} class="crm-group">
            <div class="crm-filter-head">
              Group: <MatchSelect value={r.match} onChange={(match) => setRule(i, { ...r, match })} />
              <button type="button" class="btn btn-ghost btn-sm" onClick={() => setRule(i, null)}>
                Remove group
              </button>
            </div>
            {r.rules.map((inner, k) => (
              <RuleRow
                key={k}
                rule={inner}
                onChange={(next) => setRule(i, { ...r, rules: r.rules.map((x, j) => (j === k ? next : x)) })}
                onRemove={() => setRule(i, { ...r, rules: r.rules.filter((_, j) => j !== k) })}
              />
            ))}
            <button type="button" class="btn btn-ghost btn-sm" onClick={() => setRule(i, { ...r, rules: [...r.rules, newRule()] })}>
              <PlusIcon /> Condition
            </button>
          </div>
        ),
      )}
      <div class="cluster">
        <button type="button" class="btn btn-sm" onClick={() => onChange({ ...filter, rules: [...filter.rules, newRule()] })}>
          <PlusIcon /> Condition
        </button>
        <button
          type="button"
          class="btn btn-ghost btn-sm"
          onClick={() => onChange({ ...filter, rules: [...filter.rules, { match: "any", rules: [newRule()] }] })}
        >
          <PlusIcon /> Group
        </button>
      </div>
    </div>
  );
}

/** Rules still being typed (no value yet) are left out of what is sent. */
export function completeFilter(f: ContactFilter): ContactFilter {
  const ok = (r: FilterRule) => !needsValue(r.op) || (r.value !== undefined && r.value !== "" && !Number.isNaN(r.value));
  const rules = f.rules
    .map((r) => ("field" in r ? r : { ...r, rules: r.rules.filter(ok) }))
    .filter((r) => ("field" in r ? ok(r) : r.rules.length > 0));
  return { match: f.match, rules };
}
