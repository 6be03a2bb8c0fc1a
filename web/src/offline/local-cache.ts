/**
 * What the app keeps in localStorage to open offline to the last state: who was signed in, the last
 * conversation list, the last conversations opened. All of it is dropped at sign-out.
 */
const PREFIX = "parley.cache.";
/** Unsent messages (web/src/live/outbox.ts) and drafts belong to the member who wrote them. */
const ALSO_CLEARED = ["parley.outbox"];
const SESSION_PREFIX = "parley.draft.";

export function readCache<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function writeCache(key: string, value: unknown): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Storage full or private mode: the app still works, it just won't open offline.
  }
}

export function removeCache(key: string): void {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch {
    // Nothing to remove.
  }
}

export function clearCache(): void {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX) || ALSO_CLEARED.includes(key)) localStorage.removeItem(key);
    for (const key of Object.keys(sessionStorage)) if (key.startsWith(SESSION_PREFIX)) sessionStorage.removeItem(key);
  } catch {
    // Storage unavailable: there is nothing kept to clear.
  }
}
