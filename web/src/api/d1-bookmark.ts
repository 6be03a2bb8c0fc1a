/**
 * The newest D1 bookmark the API has given this tab (`x-d1-bookmark`, worker/middleware/d1-bookmark.ts),
 * sent back on every request so a read replica answers this agent only once it has their own writes.
 * Kept per tab (sessionStorage) so a reload keeps it; bookmarks compare as strings, so the newest wins
 * whatever order parallel answers arrive in.
 */
export const D1_BOOKMARK_HEADER = "x-d1-bookmark";
const KEY = "parley.d1-bookmark";

let latest: string | null = read();

function read(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null; // storage off (private mode, tests): memory only
  }
}

export function currentBookmark(): string | null {
  return latest;
}

export function noteBookmark(res: Response): void {
  const bookmark = res.headers.get(D1_BOOKMARK_HEADER);
  if (!bookmark || (latest !== null && bookmark <= latest)) return;
  latest = bookmark;
  try {
    sessionStorage.setItem(KEY, bookmark);
  } catch {
    // memory only
  }
}
