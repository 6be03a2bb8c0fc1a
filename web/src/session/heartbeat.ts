/**
 * The app's heartbeat: the server ends a session 90 s after its last beat (unless the org chose
 * "stay signed in"), so an open tab beats every 30 s. A 401 on a beat ends the session through the
 * API client's error listeners, which stop the loop.
 */
import { authApi } from "../api/auth";

const INTERVAL_MS = 30_000;
let timer: ReturnType<typeof setTimeout> | undefined;
let running = false;

async function beat() {
  try {
    await authApi.heartbeat();
  } catch {
    // Offline or a blip: the next beat retries; a dead session is handled by the client's listeners.
  }
  if (running) timer = setTimeout(beat, INTERVAL_MS);
}

/** A tab coming back to the foreground beats at once: background timers may have been throttled. */
function onVisible() {
  if (running && document.visibilityState === "visible") {
    clearTimeout(timer);
    void beat();
  }
}

/** Beats at once too: only beats keep a session alive, so a reload must count as one. */
export function startHeartbeat(): void {
  if (running) return;
  running = true;
  void beat();
  document.addEventListener("visibilitychange", onVisible);
}

export function stopHeartbeat(): void {
  running = false;
  clearTimeout(timer);
  document.removeEventListener("visibilitychange", onVisible);
}
