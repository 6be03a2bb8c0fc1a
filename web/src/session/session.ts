/**
 * Who is signed in. Every page reads these signals; only this module changes them, and it starts and
 * stops the heartbeat with the session. Any API call that finds the session over signs the app out.
 */
import { computed, signal } from "@preact/signals";
import { authApi } from "../api/auth";
import { onApiError } from "../api/client";
import type { Me, PublicOrg, PublicUser, SignedIn } from "../api/types";
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

export function signedIn(result: SignedIn | Me): void {
  signOutNotice.value = null;
  session.value = { status: "signed-in", user: result.user, org: result.org, mustEnrolTwoFactor: result.mustEnrolTwoFactor ?? false };
  startHeartbeat();
}

export async function loadSession(): Promise<void> {
  try {
    signedIn(await authApi.me());
  } catch {
    // A 401 has already ended the session through the listener below; anything else (offline) too.
    if (session.value.status === "loading") session.value = { status: "signed-out" };
  }
}

export function endSession(notice: string | null = null, byUser = false): void {
  stopHeartbeat();
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
