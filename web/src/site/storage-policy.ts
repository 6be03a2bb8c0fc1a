/**
 * Every cookie and browser storage key Parley sets: the cookie policy's table is rendered from this
 * list, and a Chromium test (test/e2e/site-storage.e2e.ts) walks the app and fails if what the browser
 * really holds and this list differ. Adding a key in web/ or a cookie in worker/ means adding it here.
 */
export interface StoredItem {
  /** The exact name, or a prefix ending in `*` (one key per conversation, say). */
  name: string;
  where: "cookie" | "localStorage" | "sessionStorage" | "indexedDB" | "cacheStorage";
  purpose: string;
  lifetime: string;
  category: "essential" | "functional";
}

export const storedItems: StoredItem[] = [
  {
    name: "__Host-token",
    where: "cookie",
    purpose: "Keeps you signed in: a signed session token (HttpOnly, Secure, SameSite=Lax, this host only).",
    lifetime: "Until the browser closes; up to 7 days if your organization turned on “stay signed in”.",
    category: "essential",
  },
  {
    name: "__Host-wa_csrf_token",
    where: "cookie",
    purpose: "Protects forms and actions against cross-site request forgery (the app echoes it in a header).",
    lifetime: "Until the browser closes.",
    category: "essential",
  },
  {
    name: "__Host-parley_device",
    where: "cookie",
    purpose:
      "A random id for this browser, so a sign-in from a device your account never used can be mailed to you (only its hash is stored; HttpOnly).",
    lifetime: "400 days.",
    category: "essential",
  },
  {
    name: "parley.cache.*",
    where: "localStorage",
    purpose: "Lets the inbox open offline to its last state: who was signed in, the conversation list, recent conversations.",
    lifetime: "Until you sign out (cleared then).",
    category: "functional",
  },
  {
    name: "parley-outbox",
    where: "indexedDB",
    purpose: "Replies, notes and files you wrote while offline, sent in order when the connection is back.",
    lifetime: "Until they are sent or you sign out (emptied then).",
    category: "functional",
  },
  {
    name: "parley-shell-v1",
    where: "cacheStorage",
    purpose: "The app's own code and page shell (a service worker keeps them), so the inbox opens offline. No personal data.",
    lifetime: "Until a new version of the app replaces it.",
    category: "functional",
  },
  {
    name: "parley.theme",
    where: "localStorage",
    purpose: "Your choice of light or dark theme (absent when you follow the system).",
    lifetime: "Until you change it back to “system”.",
    category: "functional",
  },
  {
    name: "parley.sidebar",
    where: "localStorage",
    purpose: "Whether the sidebar is collapsed.",
    lifetime: "Until you clear site data.",
    category: "functional",
  },
  {
    name: "parley.contactPanel",
    where: "localStorage",
    purpose: "Whether the contact panel beside a conversation is open.",
    lifetime: "Until you clear site data.",
    category: "functional",
  },
  {
    name: "parley.d1-bookmark",
    where: "sessionStorage",
    purpose: "A marker of the newest data this tab has written, so your next read never shows an older copy. No personal data.",
    lifetime: "Until the tab closes.",
    category: "essential",
  },
  {
    name: "parley.draft.*",
    where: "sessionStorage",
    purpose: "A reply you started but did not send, per conversation.",
    lifetime: "Until the tab closes, the reply is sent, or you sign out.",
    category: "functional",
  },
];

/** The entry a real cookie or key belongs to, if any. */
export function policyEntryFor(where: StoredItem["where"], key: string): StoredItem | undefined {
  return storedItems.find((i) => i.where === where && (i.name.endsWith("*") ? key.startsWith(i.name.slice(0, -1)) : key === i.name));
}
