/**
 * VAPID (RFC 8292): every push request carries a short-lived ES256 JWT for the push service's origin,
 * signed with the application server's key, and that key's public half, so a push service accepts
 * messages for a subscription only from the server the browser subscribed with.
 *
 * Keys are the format `web-push generate-vapid-keys` prints: VAPID_PUBLIC_KEY the uncompressed P-256
 * point (65 bytes, base64url; the browser's applicationServerKey), VAPID_PRIVATE_KEY the 32-byte scalar.
 */
import { SignJWT } from "jose";

/** Push services refuse tokens that live longer than 24 hours; 12 leaves room for clock skew. */
const TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

export interface VapidConfig {
  publicKey: string;
  privateKey: string;
  subject: string;
}

export function vapidConfig(env: { VAPID_PUBLIC_KEY?: string; VAPID_PRIVATE_KEY?: string; VAPID_SUBJECT?: string }): VapidConfig | null {
  if (!env.VAPID_PUBLIC_KEY || !env.VAPID_PRIVATE_KEY) return null;
  return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject: env.VAPID_SUBJECT || "mailto:push@parley.local" };
}

const b64urlToBytes = (s: string) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0));
const bytesToB64url = (b: Uint8Array) =>
  btoa(String.fromCharCode(...b))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

/** One import per isolate and key: importing is most of a signature's cost. */
let cached: { privateKey: string; key: Promise<CryptoKey> } | null = null;

function signingKey(config: VapidConfig): Promise<CryptoKey> {
  if (cached?.privateKey === config.privateKey) return cached.key;
  const point = b64urlToBytes(config.publicKey);
  if (point.length !== 65 || point[0] !== 4) throw new Error("VAPID_PUBLIC_KEY is not an uncompressed P-256 point (65 bytes, base64url)");
  const jwk: JsonWebKey = {
    kty: "EC",
    crv: "P-256",
    x: bytesToB64url(point.slice(1, 33)),
    y: bytesToB64url(point.slice(33)),
    d: config.privateKey.replace(/=+$/, ""),
  };
  const key = crypto.subtle.importKey("jwk", jwk, { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
  cached = { privateKey: config.privateKey, key };
  key.catch(() => {
    if (cached?.key === key) cached = null;
  });
  return key;
}

/** The `Authorization` header for one push request (RFC 8292 §3: `vapid t=<jwt>, k=<public key>`). */
export async function vapidAuthorization(config: VapidConfig, endpoint: string, now = Date.now()): Promise<string> {
  const jwt = await new SignJWT({})
    .setProtectedHeader({ alg: "ES256", typ: "JWT" })
    .setAudience(new URL(endpoint).origin)
    .setSubject(config.subject)
    .setExpirationTime(Math.floor(now / 1000) + TOKEN_LIFETIME_SECONDS)
    .sign(await signingKey(config));
  return `vapid t=${jwt}, k=${config.publicKey}`;
}
