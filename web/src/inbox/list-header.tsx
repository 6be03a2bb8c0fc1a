/** Above the list: the connection, search (debounced), views, states and the label filter. */
import { useEffect, useRef, useState } from "preact/hooks";
import type { ListFilter } from "../live/inbox-store";
import type { ConnectionState } from "../live/reconnecting-socket";
import { ChevronDownIcon, SearchIcon, TagIcon } from "../components/icons";
import { Menu } from "../components/menu";
import { ConnectionIndicator } from "./connection-indicator";
import type { InboxList } from "./inbox-list";

const VIEWS: Array<{ value: ListFilter["view"]; label: string }> = [
  { value: "all", label: "All" },
  { value: "mine", label: "Mine" },
  { value: "unassigned", label: "Unassigned" },
];
const STATES: Array<{ value: ListFilter["state"]; label: string }> = [
  { value: "open", label: "Open" },
  { value: "snoozed", label: "Snoozed" },
  { value: "closed", label: "Closed" },
];
const SEARCH_DEBOUNCE_MS = 250;

export function ListHeader({ list, connection, onReconnect }: { list: InboxList; connection: ConnectionState; onReconnect: () => void }) {
  const filter = list.filter.value;
  const [q, setQ] = useState(filter.q ?? "");
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => list.setFilter({ q: q.trim() }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q]);
  const labels = list.labels.value;

  return (
    <div class="conv-head">
      <div class="conv-title-row">
        <h1>Inbox</h1>
        <ConnectionIndicator state={connection} onReconnect={onReconnect} />
      </div>
      <label class="search-box">
        <SearchIcon />
        <span class="visually-hidden">Search by name or phone</span>
        <input
          id="inbox-search"
          class="input"
          type="search"
          placeholder="Search name or phone"
          value={q}
          autocomplete="off"
          onInput={(e) => setQ(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              setQ("");
              e.currentTarget.blur();
            }
          }}
        />
      </label>
      <div class="segmented" role="group" aria-label="Whose conversations">
        {VIEWS.map((v) => (
          <button
            key={v.value}
            type="button"
            class="segment"
            aria-pressed={filter.view === v.value}
            onClick={() => list.setFilter({ view: v.value })}
          >
            {v.label}
          </button>
        ))}
      </div>
      <div class="conv-filters">
        <div class="state-tabs" role="group" aria-label="State">
          {STATES.map((s) => (
            <button
              key={s.value}
              type="button"
              class="state-tab"
              aria-pressed={filter.state === s.value}
              onClick={() => list.setFilter({ state: s.value })}
            >
              {s.label}
            </button>
          ))}
        </div>
        <Menu
          label={filter.label ? `Label: ${filter.label}. Change the label filter` : "Filter by label"}
          title={filter.label ? `Showing “${filter.label}” only` : "Filter by label"}
          buttonClass={`btn btn-sm label-filter ${filter.label ? "is-active" : ""}`}
          align="end"
          button={
            <>
              <TagIcon />
              {filter.label && <span class="label-filter-text">{filter.label}</span>}
              <ChevronDownIcon />
            </>
          }
          items={[
            { label: "All labels", checked: !filter.label, onSelect: () => list.setFilter({ label: "" }) },
            ...(labels.length
              ? [...new Set([...labels, ...(filter.label ? [filter.label] : [])])].map((l, i) => ({
                  label: l,
                  checked: filter.label === l,
                  separated: i === 0,
                  onSelect: () => list.setFilter({ label: l }),
                }))
              : [{ label: "No labels yet", disabled: true, separated: true, onSelect: () => undefined }]),
          ]}
        />
      </div>
    </div>
  );
}
