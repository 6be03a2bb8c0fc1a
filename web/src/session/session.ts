/**
 * Who is signed in. Every page reads these signals; only this module changes them, and it starts and
 * stops the heartbeat with the session. Any API call that finds the session over signs the app out.
 */
import { computed, signal } from "@preact/signals";
import { authApi } from "../api/auth";
import { ApiError, onApiError } from "../api/client";
import type { Me, PublicOrg, PublicUser, SignedIn } from "../api/types";
import { clearOutbox } from "../live/outbox";
import { clearCache, readCache, writeCache } from "../offline/local-cache";
import { startHeartbeat, stopHeartbeat } from "./heartbeat";

export type SessionState =
  | { status: "loading" }
  /** `byUser`: the member signed out themselves, so there is no page to come back to. */
  | { status: "signed-out"; byUser?: boolean }
  | { status: "signed-in"; user: PublicUser; org: PublicOrg; mustEnrolTwoFactor: boolean };

export const session = signal<SessionState>({ status: "loading" });

/** Why the app went to the sign-in page, shown there once ("You were signed out because …"). */
export const signOutNotice = signal<string | null>(null);

export const currentUser = computed(() => (session.value.status === "signed-in" ? session.value.user : null));
export const currentOrg = computed(() => (session.value.status === "signed-in" ? session.value.org : null));

// Other tabs of this browser hear about a sign-out at once instead of at their next heartbeat.
const tabs = typeof BroadcastChannel === "function" ? new BroadcastChannel("parley-session") : null;
if (tabs) tabs.onmessage = (e: MessageEvent) => e.data === "signed-out" && endSession("You signed out in another tab.");

const ME_KEY = "me";

export function signedIn(result: SignedIn | Me): void {
  signOutNotice.value = null;
  const me: Me = { user: result.user, org: result.org, mustEnrolTwoFactor: result.mustEnrolTwoFactor ?? false };
  session.value = { status: "signed-in", ...me };
  writeCache(ME_KEY, me);
  startHeartbeat();
}

export async function loadSession(): Promise<void> {
  try {
    signedIn(await authApi.me());
  } catch (err) {
    // Offline at start-up: open to the last state, and ask the server again once the network is back
    // (a session that ended meanwhile then signs out through the listener below).
    const cached = err instanceof ApiError && err.status === 0 ? readCache<Me>(ME_KEY) : null;
    if (cached && session.value.status === "loading") {
      session.value = { status: "signed-in", ...cached };
      addEventListener("online", () => void loadSession(), { once: true });
      return;
    }
    // A 401 has already ended the session through the listener below.
    if (session.value.status === "loading") session.value = { status: "signed-out" };
  }
}

export function endSession(notice: string | null = null, byUser = false): void {
  stopHeartbeat();
  clearCache();
  clearOutbox().catch(() => undefined);
  if (session.value.status !== "signed-out") signOutNotice.value = notice;
  session.value = { status: "signed-out", byUser };
}

export async function signOut(): Promise<void> {
  try {
    await authApi.logout();
  } catch {
    // Already over on the server: signing out locally is all that is left to do.
  }
  endSession(null, true);
  tabs?.postMessage("signed-out");
}

export function updateUser(user: PublicUser): void {
  const s = session.value;
  if (s.status === "signed-in") session.value = { ...s, user };
}

export function updateOrg(org: PublicOrg): void {
  const s = session.value;
  if (s.status === "signed-in") session.value = { ...s, org };
}

onApiError((error) => {
  const s = session.value;
  if (error.sessionEnded) {
    endSession(s.status === "signed-in" || error.code !== "session_missing" ? error.message : null);
  } else if (error.status === 403 && error.code === "two_factor_required" && s.status === "signed-in" && !s.user.twoFactorEnabled) {
    // The org started requiring 2FA while this member was signed in: enrolment is the only way on.
    session.value = { ...s, mustEnrolTwoFactor: true };
  }
});
