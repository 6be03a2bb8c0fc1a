/** Chips with an input: Enter or comma adds, Backspace on an empty input removes the last, × removes one. */
import { useId, useState } from "preact/hooks";
import { CloseIcon } from "../components/icons";

interface TagInputProps {
  label: string;
  value: string[];
  onChange: (next: string[]) => void;
  suggestions?: string[];
  placeholder?: string;
  max?: number;
  disabled?: boolean;
}

export function TagInput({ label, value, onChange, suggestions = [], placeholder = "Add…", max = 20, disabled }: TagInputProps) {
  const [draft, setDraft] = useState("");
  const id = useId();
  function add(raw: string) {
    const tag = raw.trim().slice(0, 40);
    setDraft("");
    if (tag && !value.includes(tag) && value.length < max) onChange([...value, tag]);
  }
  return (
    <div class="tag-input">
      <label class="visually-hidden" for={id}>
        {label}
      </label>
      <ul class="chips" aria-label={label}>
        {value.map((tag) => (
          <li key={tag} class="chip">
            <span>{tag}</span>
            <button
              type="button"
              class="chip-remove"
              onClick={() => onChange(value.filter((t) => t !== tag))}
              aria-label={`Remove ${tag}`}
              disabled={disabled}
            >
              <CloseIcon />
            </button>
          </li>
        ))}
      </ul>
      <input
        id={id}
        class="input input-sm"
        value={draft}
        placeholder={value.length >= max ? `At most ${max}` : placeholder}
        list={`${id}-list`}
        disabled={disabled || value.length >= max}
        onInput={(e) => {
          const v = e.currentTarget.value;
          if (v.includes(",")) v.split(",").slice(0, -1).forEach(add);
          setDraft(v.includes(",") ? (v.split(",").pop() ?? "") : v);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            add(draft);
          } else if (e.key === "Backspace" && !draft && value.length) onChange(value.slice(0, -1));
        }}
        onBlur={() => draft.trim() && add(draft)}
      />
      <datalist id={`${id}-list`}>
        {suggestions
          .filter((s) => !value.includes(s))
          .map((s) => (
            <option key={s} value={s} />
          ))}
      </datalist>
    </div>
  );
}
