/**
 * The session and CSRF cookies. `__Host-` pins them to this host, Secure and Path=/; SameSite=Lax keeps
 * them off cross-site subrequests. The session cookie has no Max-Age unless the org chose "stay signed
 * in", so closing the browser ends it (and the server-side heartbeat check ends it regardless).
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

export const SESSION_COOKIE = "__Host-token";
export const CSRF_COOKIE = "__Host-wa_csrf_token";
export const CSRF_HEADER = "X-CSRF-Token";

const base = { path: "/", secure: true, sameSite: "Lax" } as const;

export function setSessionCookie(c: Context, token: string, persistentUntil: number | null): void {
  setCookie(c, SESSION_COOKIE, token, {
    ...base,
    httpOnly: true,
    ...(persistentUntil && { maxAge: Math.floor((persistentUntil - Date.now()) / 1000) }),
  });
}

/** Cleared with the attributes it was set with: a browser matches a cookie to its deletion by them. */
export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { ...base, httpOnly: true });
}

export function clearCsrfCookie(c: Context): void {
  deleteCookie(c, CSRF_COOKIE, { ...base, httpOnly: false });
}

export const readSessionCookie = (c: Context) => getCookie(c, SESSION_COOKIE);

/** A fresh CSRF token in a readable cookie; the app echoes it in X-CSRF-Token. */
export function issueCsrfToken(c: Context): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const token = btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replaceAll("=", "");
  setCookie(c, CSRF_COOKIE, token, { ...base, httpOnly: false });
  return token;
}

export const readCsrfCookie = (c: Context) => getCookie(c, CSRF_COOKIE);
