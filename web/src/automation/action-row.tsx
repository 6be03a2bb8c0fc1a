/** One action in the rule editor. */
import type { Action } from "./automation-api";
import type { RuleOptions } from "./rule-options";
import { ACTION_LABELS } from "./rule-words";

export function newAction(type: Action["type"], o: RuleOptions): Action {
  switch (type) {
    case "assign_agent":
      return { type, userId: o.members[0]?.id ?? "" };
    case "assign_round_robin":
    case "assign_least_open":
      return { type, userIds: [] };
    case "add_label":
    case "remove_label":
      return { type, label: o.labels[0]?.name ?? "" };
    case "add_tag":
    case "remove_tag":
      return { type, tag: "" };
    case "set_stage":
      return { type, stage: o.stages[0]?.key ?? "" };
    case "set_field":
      return { type, key: o.fields[0]?.key ?? "", value: "" };
    case "send_text":
    case "add_note":
      return { type, text: "" };
    case "unassign":
    case "close":
      return { type };
  }
}

interface Props {
  index: number;
  action: Action;
  options: RuleOptions;
  onChange: (a: Action) => void;
  onRemove: () => void;
}

export function ActionRow({ index, action: a, options: o, onChange, onRemove }: Props) {
  const set = (patch: Record<string, unknown>) => onChange({ ...a, ...patch } as Action);
  const label = `Action ${index + 1}`;
  return (
    <li class="automation-row">
      <select
        class="select"
        aria-label={label}
        value={a.type}
        onChange={(e) => onChange(newAction(e.currentTarget.value as Action["type"], o))}
      >
        {Object.entries(ACTION_LABELS).map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      {a.type === "assign_agent" && (
        <select class="select" aria-label="Agent" value={a.userId} onChange={(e) => set({ userId: e.currentTarget.value })}>
          {o.members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      )}
      {(a.type === "assign_round_robin" || a.type === "assign_least_open") && (
        <fieldset class="automation-agents">
          <legend class="muted small">Among (none ticked: everyone)</legend>
          {o.members.map((m) => (
            <label key={m.id} class="checkbox">
              <input
                type="checkbox"
                checked={a.userIds?.includes(m.id) ?? false}
                onChange={(e) =>
                  set({ userIds: e.currentTarget.checked ? [...(a.userIds ?? []), m.id] : (a.userIds ?? []).filter((x) => x !== m.id) })
                }
              />{" "}
              {m.name}
            </label>
          ))}
        </fieldset>
      )}
      {(a.type === "add_label" || a.type === "remove_label") && (
        <select class="select" aria-label="Label" value={a.label} onChange={(e) => set({ label: e.currentTarget.value })}>
          {o.labels.map((l) => (
            <option key={l.id} value={l.name}>
              {l.name}
            </option>
          ))}
        </select>
      )}
      {(a.type === "add_tag" || a.type === "remove_tag") && (
        <input class="input" aria-label="Tag" value={a.tag} placeholder="vip" onInput={(e) => set({ tag: e.currentTarget.value })} />
      )}
      {a.type === "set_stage" && (
        <select class="select" aria-label="Stage" value={a.stage} onChange={(e) => set({ stage: e.currentTarget.value })}>
          {o.stages.map((s) => (
            <option key={s.key} value={s.key}>
              {s.name}
            </option>
          ))}
        </select>
      )}
      {a.type === "set_field" && (
        <>
          <select class="select" aria-label="Custom field" value={a.key} onChange={(e) => set({ key: e.currentTarget.value })}>
            {o.fields.map((f) => (
              <option key={f.key} value={f.key}>
                {f.label}
              </option>
            ))}
          </select>
          <input class="input" aria-label="Value" value={a.value} onInput={(e) => set({ value: e.currentTarget.value })} />
        </>
      )}
      {(a.type === "send_text" || a.type === "add_note") && (
        <textarea
          class="input automation-text"
          aria-label={a.type === "send_text" ? "Message" : "Note"}
          rows={2}
          maxLength={4096}
          value={a.text}
          placeholder={a.type === "send_text" ? "Thanks! An agent will answer shortly." : "Asked about pricing; quote within 1 h."}
          onInput={(e) => set({ text: e.currentTarget.value })}
        />
      )}
      <button type="button" class="btn btn-ghost btn-sm" onClick={onRemove} aria-label={`Remove action ${index + 1}`}>
        Remove
      </button>
    </li>
  );
}
