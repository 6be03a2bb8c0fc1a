/**
 * Verifies Meta's `X-Hub-Signature-256` over the raw request bytes before anything parses them.
 * Meta escapes `/` and non-ASCII on the wire, so hashing re-serialized JSON would reject real traffic.
 */
import { createMiddleware } from "hono/factory";
import { AppError } from "../errors";

export interface VerifyMetaSignatureOptions<Bindings> {
  /** The Meta app secret; a function so it is read from the request's env. */
  secret: (env: Bindings) => string;
}

export type RawBodyVariables = { rawBody: ArrayBuffer };

const HEADER = "x-hub-signature-256";
const FORMAT = /^sha256=([0-9a-f]{64})$/i;
const keys = new Map<string, Promise<CryptoKey>>();

export function verifyMetaSignature<Bindings extends object = Env>(options: VerifyMetaSignatureOptions<Bindings>) {
  return createMiddleware<{ Bindings: Bindings; Variables: RawBodyVariables }>(async function verifyMetaSignatureMiddleware(c, next) {
    const header = c.req.header(HEADER);
    if (!header) throw new AppError(401, "signature_missing", "X-Hub-Signature-256 header is required.");
    const match = FORMAT.exec(header.trim());
    if (!match) throw new AppError(401, "signature_malformed", "X-Hub-Signature-256 must be sha256= followed by 64 hex digits.");
    const body = await c.req.arrayBuffer();
    const key = await hmacKey(options.secret(c.env));
    // subtle.verify compares in constant time, unlike comparing hex strings.
    const valid = await crypto.subtle.verify("HMAC", key, hexToBytes(match[1]!), body);
    if (!valid) throw new AppError(403, "signature_invalid", "X-Hub-Signature-256 does not match the body.");
    c.set("rawBody", body);
    await next();
  });
}

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    keys.set(secret, key);
  }
  return key;
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
