/**
 * The double-submit CSRF token: the server sets `__Host-wa_csrf_token`, and every state-changing
 * request echoes that cookie's value in X-CSRF-Token. The cookie is the one source of the value.
 */
const COOKIE = "__Host-wa_csrf_token";

export function readCsrfCookie(): string | null {
  for (const part of document.cookie.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === COOKIE) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

let pending: Promise<string> | null = null;

/** Asks the server for a fresh token (it sets the cookie); concurrent callers share one request. */
export function refreshCsrfToken(): Promise<string> {
  pending ??= fetch("/api/auth/csrf", { headers: { Accept: "application/json" } })
    .then(async (res) => {
      if (!res.ok) throw new Error(`csrf ${res.status}`);
      const body = (await res.json()) as { csrfToken: string };
      return readCsrfCookie() ?? body.csrfToken;
    })
    .finally(() => {
      pending = null;
    });
  return pending;
}

export async function csrfToken(): Promise<string> {
  return readCsrfCookie() ?? refreshCsrfToken();
}
