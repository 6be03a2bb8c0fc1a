/**
 * CSRF for the JSON API: every state-changing request carries the `__Host-wa_csrf_token` cookie's value in
 * X-CSRF-Token (double submit), and a body only as application/json, so a cross-site form or a
 * text/plain "simple request" can never change anything.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { CSRF_HEADER, readCsrfCookie, readSessionCookie } from "../auth/cookies";
import { AppError } from "../errors";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export interface CsrfOptions {
  /** Paths whose body is a file's raw bytes rather than JSON (the CSRF header is still required). */
  rawBodyPaths?: RegExp;
}

export function csrfProtection(options: CsrfOptions = {}) {
  return createMiddleware<AppEnv>(async function csrfMiddleware(c, next) {
    if (SAFE.has(c.req.method)) return next();
    // An API key is sent deliberately by a program; a browser never adds it to a cross-site request on
    // its own (a custom header forces a CORS preflight Parley does not grant), so there is nothing to
    // forge. With a session cookie beside it, requireSession refuses the mix.
    const keyed = /^Bearer\s/i.test(c.req.header("authorization") ?? "") && !readSessionCookie(c);
    const cookie = readCsrfCookie(c);
    const header = c.req.header(CSRF_HEADER);
    if (!keyed && (!cookie || !header || !sameSecret(cookie, header))) {
      throw new AppError(403, "csrf_failed", "Missing or mismatched CSRF token. Reload the page and try again.");
    }
    const type = c.req.header("content-type");
    const hasBody =
      c.req.header("content-length") !== "0" &&
      (c.req.header("content-length") !== undefined || c.req.header("transfer-encoding") !== undefined);
    if (hasBody && !type?.toLowerCase().startsWith("application/json") && !options.rawBodyPaths?.test(c.req.path)) {
      throw new AppError(403, "json_required", "Send request bodies as application/json.");
    }
    await next();
  });
}

/**
 * Constant time over the bytes (the runtime's timingSafeEqual); only the length can differ early, and a
 * token's length is no secret. Two SHA-256 digests did the same at ~0.3 ms per request (a profile of sends).
 */
function sameSecret(a: string, b: string): boolean {
  const enc = new TextEncoder();
  const x = enc.encode(a);
  const y = enc.encode(b);
  return x.byteLength === y.byteLength && (crypto.subtle as unknown as WorkersSubtle).timingSafeEqual(x, y);
}

/** A Workers extension of SubtleCrypto that the global typing this project compiles against (Node's, via the test tooling) does not declare. */
type WorkersSubtle = { timingSafeEqual(a: ArrayBufferView, b: ArrayBufferView): boolean };
