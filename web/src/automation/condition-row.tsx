/** One condition in the rule editor: what to test, how, and against what. */
import type { Condition } from "./automation-api";
import type { RuleOptions } from "./rule-options";
import { CONDITION_FIELDS, opLabel } from "./rule-words";

const OPS: Record<Condition["field"], string[]> = {
  message: ["contains", "matches", "equals"],
  contact: ["equals", "contains", "is_set", "is_not_set"],
  custom_field: ["equals", "contains", "is_set", "is_not_set"],
  label: ["has", "has_not"],
  tag: ["has", "has_not"],
  stage: ["is", "is_not"],
  number: ["is", "is_not"],
  time: ["in_hours", "out_of_hours", "between"],
  assignee: ["is_not_set", "is_set"],
};

export function newCondition(field: Condition["field"], o: RuleOptions): Condition {
  switch (field) {
    case "message":
      return { field, op: "contains", value: "" };
    case "contact":
      return { field, key: "name", op: "equals", value: "" };
    case "custom_field":
      return { field, key: o.fields[0]?.key ?? "", op: "equals", value: "" };
    case "label":
      return { field, op: "has", value: o.labels[0]?.name ?? "" };
    case "tag":
      return { field, op: "has", value: "" };
    case "stage":
      return { field, op: "is", value: o.stages[0]?.key ?? "" };
    case "number":
      return { field, op: "is", value: o.numbers[0]?.phoneNumberId ?? "" };
    case "time":
      return { field, op: "out_of_hours" };
    case "assignee":
      return { field, op: "is_not_set" };
  }
}

interface Props {
  index: number;
  condition: Condition;
  options: RuleOptions;
  onChange: (c: Condition) => void;
  onRemove: () => void;
}

export function ConditionRow({ index, condition: c, options: o, onChange, onRemove }: Props) {
  const id = `cond-${index}`;
  const set = (patch: Record<string, unknown>) => onChange({ ...c, ...patch } as Condition);
  const valueInput = (placeholder: string) => (
    <input
      class="input"
      aria-label={`Condition ${index + 1} value`}
      value={"value" in c ? (c.value ?? "") : ""}
      placeholder={placeholder}
      onInput={(e) => set({ value: e.currentTarget.value })}
    />
  );
  const pick = (values: { value: string; label: string }[]) => (
    <select
      class="select"
      aria-label={`Condition ${index + 1} value`}
      value={"value" in c ? c.value : ""}
      onChange={(e) => set({ value: e.currentTarget.value })}
    >
      {values.map((v) => (
        <option key={v.value} value={v.value}>
          {v.label}
        </option>
      ))}
    </select>
  );
  return (
    <li class="automation-row">
      <select
        id={id}
        class="select"
        aria-label={`Condition ${index + 1}`}
        value={c.field}
        onChange={(e) => onChange(newCondition(e.currentTarget.value as Condition["field"], o))}
      >
        {Object.entries(CONDITION_FIELDS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      {c.field === "contact" && (
        <select class="select" aria-label="Contact field" value={c.key} onChange={(e) => set({ key: e.currentTarget.value })}>
          {["name", "email", "language", "phone"].map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      )}
      {c.field === "custom_field" && (
        <select class="select" aria-label="Custom field" value={c.key} onChange={(e) => set({ key: e.currentTarget.value })}>
          {o.fields.map((f) => (
            <option key={f.key} value={f.key}>
              {f.label}
            </option>
          ))}
        </select>
      )}
      <select class="select" aria-label={`Condition ${index + 1} test`} value={c.op} onChange={(e) => set({ op: e.currentTarget.value })}>
        {OPS[c.field].map((op) => (
          <option key={op} value={op}>
            {opLabel(op)}
          </option>
        ))}
      </select>
      {c.field === "message" && valueInput(c.op === "matches" ? "^order\\s*#?\\d+" : "price, cost, how much")}
      {(c.field === "contact" || c.field === "custom_field") && !c.op.startsWith("is_") && valueInput("value")}
      {c.field === "tag" && valueInput("vip")}
      {c.field === "label" && pick(o.labels.map((l) => ({ value: l.name, label: l.name })))}
      {c.field === "stage" && pick(o.stages.map((s) => ({ value: s.key, label: s.name })))}
      {c.field === "number" && pick(o.numbers.map((n) => ({ value: n.phoneNumberId, label: n.verifiedName ?? n.displayPhoneNumber })))}
      {c.field === "time" && c.op === "between" && (
        <span class="automation-times">
          <input class="input" type="time" aria-label="From" value={c.from ?? ""} onInput={(e) => set({ from: e.currentTarget.value })} />
          <input class="input" type="time" aria-label="To" value={c.to ?? ""} onInput={(e) => set({ to: e.currentTarget.value })} />
        </span>
      )}
      <button type="button" class="btn btn-ghost btn-sm" onClick={onRemove} aria-label={`Remove condition ${index + 1}`}>
        Remove
      </button>
    </li>
  );
}
