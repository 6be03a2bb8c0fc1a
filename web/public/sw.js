/*
 * Parley's service worker: keeps the app shell (index.html and the hashed files it loads) so the app
 * installs and opens offline; the inbox keeps its last state in localStorage itself. API requests,
 * webhooks and sockets are never cached or intercepted. It also shows Parley's push notifications
 * (worker/push/: the text is decided by the server, by the org's privacy setting) and opens the
 * conversation one names when it is clicked.
 */
const CACHE = "parley-shell-v1";
const SHELL = "/index.html";
/** An app path the static assets answer with index.html whoever asks. */
const APP_ROUTE = "/inbox";
/** Pages the Worker renders for the public site: never the app's shell, so never cached as it. */
const SITE_PAGES = new Set(["/", "/pricing", "/privacy", "/cookies", "/terms", "/security"]);
/** Hashed files accumulate across deploys; keep the newest ones. */
const MAX_ENTRIES = 120;
const STATIC = ["/favicon.svg", "/icon.svg", "/icon-maskable.svg", "/manifest.webmanifest"];

const isAsset = (url) => url.origin === self.location.origin && (url.pathname.startsWith("/assets/") || STATIC.includes(url.pathname));

self.addEventListener("install", (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

/** The page tells us which files it loaded before this worker controlled it. */
self.addEventListener("message", (event) => {
  const urls = event.data && event.data.type === "cache-assets" && Array.isArray(event.data.urls) ? event.data.urls : [];
  event.waitUntil(
    Promise.all(
      urls
        .map((u) => new URL(u, self.location.href))
        .filter(isAsset)
        .map((url) => remember(url.href)),
    ),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/") || url.pathname.startsWith("/webhooks/")) return;
  if (request.mode === "navigate") event.respondWith(networkFirstShell(request));
  else if (isAsset(url)) event.respondWith(cacheFirst(request));
});

async function cacheShell() {
  const cache = await caches.open(CACHE);
  try {
    // "/" is the public landing page for a visitor (worker/routes/site.ts); any app route is the shell.
    const res = await fetch(APP_ROUTE, { cache: "no-cache" });
    if (!res.ok) return;
    const html = await res.clone().text();
    await cache.put(SHELL, res);
    const files = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]);
    await Promise.all([...files, ...STATIC].map((path) => remember(new URL(path, self.location.href).href)));
  } catch {
    // Offline while installing: the next visit fills the cache.
  }
}

async function remember(href) {
  const cache = await caches.open(CACHE);
  if (await cache.match(href)) return;
  try {
    const res = await fetch(href);
    if (res.ok) await cache.put(href, res);
  } catch {
    // Not reachable now; cached the next time it is fetched.
  }
}

/** Pages come from the network (a deploy shows at once); offline, the last shell opens the app. */
async function networkFirstShell(request) {
  try {
    const res = await fetch(request);
    const site = SITE_PAGES.has(new URL(request.url).pathname);
    if (res.ok && !site && (res.headers.get("content-type") || "").includes("text/html")) {
      const cache = await caches.open(CACHE);
      await cache.put(SHELL, res.clone());
    }
    return res;
  } catch {
    return (await caches.match(SHELL)) || Response.error();
  }
}

/** Hashed files never change: the cache answers, the network fills it. */
async function cacheFirst(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, res.clone());
    const keys = await cache.keys();
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) if (!old.url.endsWith(SHELL)) await cache.delete(old);
  }
  return res;
}

// --- push notifications --------------------------------------------------------------------

/** Only an inbox path of this app: a push payload never sends anyone elsewhere. */
const inboxPath = (url) => (typeof url === "string" && /^\/inbox\/[\w-]+$/.test(url) ? url : "/inbox");

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data?.json() || {};
  } catch {
    // Not JSON: still show something, as a push must be shown.
  }
  event.waitUntil(
    self.registration.showNotification(typeof data.title === "string" ? data.title : "Parley", {
      body: typeof data.body === "string" ? data.body : "New activity",
      // One notification per conversation: a newer one replaces it, and still alerts.
      tag: typeof data.tag === "string" ? data.tag : undefined,
      renotify: typeof data.tag === "string",
      icon: "/icon.svg",
      badge: "/icon.svg",
      data: { url: inboxPath(data.url) },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  // Started before waitUntil: the work runs even when waitUntil refuses an event a script dispatched.
  const opening = openConversation(inboxPath(event.notification.data?.url));
  event.waitUntil(opening);
});

/** An open Parley tab moves to the conversation (no reload, its sockets kept); otherwise a new window. */
async function openConversation(path) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const tab = windows.find((w) => new URL(w.url).origin === self.location.origin);
  if (!tab) return self.clients.openWindow(path);
  tab.postMessage({ type: "open-conversation", url: path });
  try {
    await tab.focus();
  } catch {
    // Focusing needs the click's user activation; the tab has moved either way.
  }
}
