/**
 * Which browser a sign-in comes from: a long-lived random cookie, only ever stored hashed. It is not a
 * credential (it proves nothing and grants nothing); it only lets Parley tell "this browser signed in as
 * you before" from "a device never seen", so the second gets a mail (worker/accounts/sign-in.ts).
 */
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { sha256Hex } from "./totp";

export const DEVICE_COOKIE = "__Host-parley_device";
/** Browsers cap cookie lifetimes at 400 days. */
const DEVICE_COOKIE_MAX_AGE_S = 400 * 24 * 3600;
const DEVICE_ID = /^[A-Za-z0-9_-]{32}$/;

// Per request, not per isolate: a request that reads the device twice must not mint two cookies.
const perRequest = new WeakMap<Context, Promise<string>>();

/** The hash of this browser's device id, minting (and setting) the cookie the first time. */
export function deviceHash(c: Context): Promise<string> {
  let hash = perRequest.get(c);
  if (!hash) {
    hash = sha256Hex(deviceId(c));
    perRequest.set(c, hash);
  }
  return hash;
}

function deviceId(c: Context): string {
  const known = getCookie(c, DEVICE_COOKIE);
  if (known && DEVICE_ID.test(known)) return known;
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const id = btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_");
  setCookie(c, DEVICE_COOKIE, id, { path: "/", secure: true, sameSite: "Lax", httpOnly: true, maxAge: DEVICE_COOKIE_MAX_AGE_S });
  return id;
}
