/**
 * Registers the service worker (web/public/sw.js), then hands it the files this page loaded before it
 * took control, so the next start works offline. Pages always come from the network first, so the
 * worker is harmless under a dev server too.
 */
export function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator)) return;
  addEventListener("load", () => {
    navigator.serviceWorker
      .register("/sw.js")
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        const urls = performance
          .getEntriesByType("resource")
          .map((e) => e.name)
          .filter((u) => u.startsWith(`${location.origin}/assets/`));
        registration.active?.postMessage({ type: "cache-assets", urls });
      })
      .catch(() => {
        // No service worker (private mode, say): the app works, just not offline.
      });
  });
}
