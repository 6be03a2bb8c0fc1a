/** The filter chips under the search box: who wrote, media, assignee, label, number, days, contact. */
import { useEffect, useState } from "preact/hooks";
import { crmApi } from "../api/crm";
import { numbersApi } from "../api/numbers";
import { CloseIcon } from "../components/icons";
import type { SearchState } from "./search-state";

const DIRECTIONS = [
  ["", "Anyone"],
  ["inbound", "Customer"],
  ["outbound", "Team"],
  ["internal", "Notes"],
] as const;

const ASSIGNEES = [
  ["", "Any assignee"],
  ["me", "Assigned to me"],
  ["none", "Unassigned"],
] as const;

function useChoices() {
  const [labels, setLabels] = useState<string[]>([]);
  const [numbers, setNumbers] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    crmApi.labels().then(
      (r) => setLabels(r.labels.map((l) => l.name)),
      () => undefined,
    );
    numbersApi.list().then(
      (r) => setNumbers(r.numbers.map((n) => ({ id: n.phoneNumberId, name: n.verifiedName ?? n.displayPhoneNumber }))),
      () => undefined,
    );
  }, []);
  return { labels, numbers };
}

export function SearchFilters({ state }: { state: SearchState }) {
  const f = state.filters.value;
  const { labels, numbers } = useChoices();
  const select = (key: "direction" | "assignee" | "label" | "phoneNumberId") => (e: Event) =>
    state.setFilter(key, ((e.currentTarget as HTMLSelectElement).value || undefined) as never);
  return (
    <fieldset class="search-chips">
      <legend class="visually-hidden">Filters</legend>
      <select
        class={`search-chip ${f.direction ? "on" : ""}`}
        value={f.direction ?? ""}
        onChange={select("direction")}
        aria-label="Written by"
      >
        {DIRECTIONS.map(([v, t]) => (
          <option key={v} value={v}>
            {t}
          </option>
        ))}
      </select>
      <button
        type="button"
        class={`search-chip ${f.hasMedia ? "on" : ""}`}
        aria-pressed={f.hasMedia === "true"}
        onClick={() => state.setFilter("hasMedia", f.hasMedia ? undefined : "true")}
      >
        Has media
      </button>
      <select class={`search-chip ${f.assignee ? "on" : ""}`} value={f.assignee ?? ""} onChange={select("assignee")} aria-label="Assignee">
        {ASSIGNEES.map(([v, t]) => (
          <option key={v} value={v}>
            {t}
          </option>
        ))}
      </select>
      {labels.length > 0 && (
        <select class={`search-chip ${f.label ? "on" : ""}`} value={f.label ?? ""} onChange={select("label")} aria-label="Label">
          <option value="">Any label</option>
          {labels.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      )}
      {numbers.length > 1 && (
        <select
          class={`search-chip ${f.phoneNumberId ? "on" : ""}`}
          value={f.phoneNumberId ?? ""}
          onChange={select("phoneNumberId")}
          aria-label="WhatsApp number"
        >
          <option value="">Any number</option>
          {numbers.map((n) => (
            <option key={n.id} value={n.id}>
              {n.name}
            </option>
          ))}
        </select>
      )}
      <label class={`search-chip search-date ${f.from ? "on" : ""}`}>
        <span>From</span>
        <input type="date" value={f.from ?? ""} max={f.to} onChange={(e) => state.setFilter("from", e.currentTarget.value || undefined)} />
      </label>
      <label class={`search-chip search-date ${f.to ? "on" : ""}`}>
        <span>To</span>
        <input type="date" value={f.to ?? ""} min={f.from} onChange={(e) => state.setFilter("to", e.currentTarget.value || undefined)} />
      </label>
      {f.contactId && (
        <span class="search-chip on">
          {state.contactName.value ?? "This contact"}
          <button type="button" class="chip-remove" aria-label="Any contact" onClick={() => state.setFilter("contactId", undefined)}>
            <CloseIcon />
          </button>
        </span>
      )}
    </fieldset>
  );
}
