/**
 * The inbox's first list page, asked for while the app boots on /inbox. Otherwise it waits for the
 * session check, the inbox's code and its first render, one after another (about 300 ms cold on a slow
 * machine), and the list is what the agent opened the app to see. Kept in the entry chunk, so small.
 */
import { inboxApi } from "../api/inbox";
import type { ListFilter, ListPage } from "../live/inbox-store";
import { readCache } from "../offline/local-cache";

export const FILTER_KEY = "filter";

/** The filter the agent last used (the list opens on it), without a search. */
export function savedFilter(): ListFilter {
  const f = readCache<ListFilter>(FILTER_KEY);
  return { view: f?.view ?? "all", state: f?.state ?? "open", ...(f?.label && { label: f.label }) };
}

/** Past this, the inbox asks again (the agent was held elsewhere first, e.g. 2FA enrolment). */
const FRESH_MS = 10_000;

let early: { filter: ListFilter; page: Promise<ListPage>; at: number } | null = null;

export const isInboxPath = (path: string) => path === "/inbox" || path.startsWith("/inbox/");

/** Starts the request (for an app opening on the inbox). */
export function prefetchFirstPage(): void {
  const filter = savedFilter();
  const page = inboxApi.list(filter);
  // Whoever takes it handles a failure; one nobody takes (signed out, say) must not be reported as unhandled.
  page.catch(() => {});
  early = { filter, page, at: Date.now() };
}

/** The early page, once, if it was asked for with this filter and lately; afterwards every load asks the server. */
export function takeFirstPage(filter: ListFilter): Promise<ListPage> | null {
  const taken = early;
  early = null;
  return taken && sameFilter(taken.filter, filter) && Date.now() - taken.at < FRESH_MS ? taken.page : null;
}

export const sameFilter = (a: ListFilter, b: ListFilter) =>
  a.view === b.view && a.state === b.state && (a.label ?? "") === (b.label ?? "") && (a.q ?? "") === (b.q ?? "");
