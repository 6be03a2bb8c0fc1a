/**
 * One search box for every message of the organization: words (accents, case and word endings do not
 * matter), filter chips, results with the matched words highlighted in context. Choosing a result opens
 * its conversation at that message. Opened with "/" from anywhere (search-launcher.tsx).
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { Direction } from "../../../durable/protocol";
import { Avatar } from "../components/avatar";
import { CloseIcon, SearchIcon } from "../components/icons";
import { exactTime, relativeTime, now } from "../format/time";
import type { SearchResult } from "./search-api";
import { SearchFilters } from "./search-filters";
import { SearchState } from "./search-state";
import "../styles/search.css";

const WHO: Record<Direction, string> = { inbound: "Customer", outbound: "Team", internal: "Note" };

export const resultHref = (r: SearchResult) => `/inbox/${encodeURIComponent(r.conversationId)}?at=${encodeURIComponent(r.messageId)}`;

const contactOf = (r: SearchResult) => r.conversation.contact.name ?? r.conversation.contact.waId ?? "Customer";

function Result({
  r,
  selected,
  onOpen,
  onOnlyContact,
}: {
  r: SearchResult;
  selected: boolean;
  onOpen: () => void;
  onOnlyContact: () => void;
}) {
  const name = contactOf(r);
  return (
    <li class={`search-result ${selected ? "selected" : ""}`} aria-current={selected ? "true" : undefined}>
      <a href={resultHref(r)} class="search-result-link" onClick={(e) => (e.preventDefault(), onOpen())} data-message-id={r.messageId}>
        <Avatar name={name} />
        <span class="search-result-body">
          <span class="search-result-head">
            <span class="search-result-name">{name}</span>
            <span class={`search-who who-${r.direction}`}>{WHO[r.direction]}</span>
            {r.status === "failed" && <span class="search-who who-failed">Failed</span>}
            <time class="search-result-time" dateTime={new Date(r.at).toISOString()} title={exactTime(r.at)}>
              {relativeTime(r.at, now.value)}
            </time>
          </span>
          <span class="search-snippet">
            {r.snippet.length ? (
              r.snippet.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))
            ) : (
              <span class="muted">{r.hasMedia ? `${r.type[0]!.toUpperCase()}${r.type.slice(1)}` : "Message"}</span>
            )}
          </span>
        </span>
      </a>
      <button type="button" class="btn btn-ghost btn-sm search-only-contact" onClick={onOnlyContact} title={`Only messages with ${name}`}>
        Only {name.split(" ")[0]}
      </button>
    </li>
  );
}

export default function SearchDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const state = useMemo(() => new SearchState(), []);
  const [selected, setSelected] = useState(0);
  const { route } = useLocation();
  const results = state.results.value;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    input.current?.focus();
    return () => {
      state.dispose();
      dialog?.close();
    };
  }, []);
  useEffect(() => setSelected(0), [results.length === 0, state.q.value, state.filters.value]);
  useEffect(() => {
    ref.current?.querySelector(".search-result.selected")?.scrollIntoView({ block: "nearest" });
  }, [selected]);

  const open = (r: SearchResult) => {
    onClose();
    route(resultHref(r));
  };

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setSelected((i) => Math.max(0, Math.min(results.length - 1, i + (e.key === "ArrowDown" ? 1 : -1))));
    } else if (e.key === "Enter" && results[selected]) {
      e.preventDefault();
      open(results[selected]!);
    }
  }

  const status = state.status.value;
  return (
    <dialog
      ref={ref}
      class="dialog search-dialog"
      aria-label="Search messages"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => e.target === e.currentTarget && onClose()}
    >
      <div class="search-top">
        <label class="search-box search-main">
          <SearchIcon />
          <span class="visually-hidden">Search every message</span>
          <input
            ref={input}
            id="message-search"
            class="input"
            type="search"
            placeholder="Search every message, note and file name"
            autocomplete="off"
            value={state.q.value}
            onInput={(e) => state.setQuery(e.currentTarget.value)}
            onKeyDown={onKeyDown}
            aria-controls="search-results"
          />
        </label>
        <button type="button" class="btn btn-ghost btn-icon" onClick={onClose} aria-label="Close search">
          <CloseIcon />
        </button>
      </div>
      <SearchFilters state={state} />
      <div class="search-results-wrap" aria-live="polite">
        {status === "error" && <p class="search-note error">{state.error.value}</p>}
        {status === "idle" && <p class="search-note">Type a word, or part of one: “encom” finds “Encomenda”, “ola” finds “Olá”.</p>}
        {status !== "idle" && status !== "error" && results.length === 0 && (
          <p class="search-note">{status === "loading" ? "Searching…" : "No messages match."}</p>
        )}
        {results.length > 0 && (
          <ul id="search-results" class="search-results" aria-label="Messages found">
            {results.map((r, i) => (
              <Result
                key={r.messageId}
                r={r}
                selected={i === selected}
                onOpen={() => open(r)}
                onOnlyContact={() => {
                  state.contactName.value = contactOf(r);
                  state.setFilter("contactId", r.conversation.contact.id);
                }}
              />
            ))}
          </ul>
        )}
        {state.next.value && (
          <button type="button" class="btn btn-ghost search-more" onClick={() => void state.more()} disabled={status === "loading"}>
            More results
          </button>
        )}
      </div>
      <p class="search-foot muted">
        <kbd>↑</kbd> <kbd>↓</kbd> to move · <kbd>Enter</kbd> to open · <kbd>Esc</kbd> to close
      </p>
    </dialog>
  );
}
