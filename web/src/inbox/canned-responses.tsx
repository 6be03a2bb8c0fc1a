/**
 * `/shortcut` in the composer: the org's canned responses whose shortcut or title matches what follows
 * the slash, as a listbox under the caret's line; Enter or Tab inserts, Escape dismisses.
 */
import { signal } from "@preact/signals";
import { inboxApi, type CannedResponse } from "../api/inbox";

const responses = signal<CannedResponse[] | null>(null);
let loading: Promise<void> | null = null;
let loadedAt = 0;
/** Admins change them on another screen (or another machine): a list older than this is fetched again. */
const FRESH_MS = 60_000;

function load(): void {
  if (loading && Date.now() - loadedAt > FRESH_MS) loading = null;
  loading ??= inboxApi
    .cannedResponses()
    .then((r) => {
      responses.value = r.cannedResponses;
      loadedAt = Date.now();
    })
    .catch(() => void (loading = null));
}

/** After a change on the saved-replies screen, the composer's next `/` loads the list again. */
export function forgetCannedResponses(): void {
  loading = null;
}

export interface CannedMatch {
  /** Where the `/query` token starts in the text. */
  start: number;
  end: number;
  items: CannedResponse[];
}

/** The `/word` right before the caret (at the start or after a space), and what it matches. */
export function cannedMatch(text: string, caret: number): CannedMatch | null {
  const m = /(^|\s)\/([\w-]*)$/.exec(text.slice(0, caret));
  if (!m) return null;
  load();
  const query = (m[2] ?? "").toLowerCase();
  const items = (responses.value ?? []).filter((r) => r.shortcut.startsWith(query) || r.title.toLowerCase().includes(query)).slice(0, 8);
  return { start: caret - query.length - 1, end: caret, items };
}

export const cannedLoaded = () => responses.value !== null;

export function CannedList({
  id,
  match,
  active,
  onPick,
}: {
  id: string;
  match: CannedMatch;
  active: number;
  onPick: (r: CannedResponse) => void;
}) {
  if (!match.items.length) {
    return (
      <div class="canned" id={id}>
        <p class="canned-empty">{cannedLoaded() ? "No saved reply matches." : "Loading saved replies…"}</p>
      </div>
    );
  }
  return (
    <ul class="canned" id={id} role="listbox" aria-label="Saved replies">
      {match.items.map((r, i) => (
        <li
          key={r.id}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          class="canned-item"
          // mousedown, not click: the textarea keeps the focus and the caret.
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(r);
          }}
        >
          <span class="canned-shortcut">/{r.shortcut}</span>
          <span class="canned-title">{r.title}</span>
          <span class="canned-body">{r.body}</span>
        </li>
      ))}
    </ul>
  );
}
