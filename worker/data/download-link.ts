/**
 * Signed download links: `/api/data/download/<id>?exp=<ms>&sig=<hmac>`. The link itself is the
 * permission (a browser download or curl carries no CSRF header and may carry no cookie), so it is
 * short-lived and bound to one export; the HMAC key is derived from JWT_KEYS' signing key for this use only.
 */
import { keyRing } from "../auth/keys";

const encoder = new TextEncoder();

async function hmacKey(env: Pick<Env, "JWT_KEYS">, kid: string): Promise<CryptoKey> {
  const ring = keyRing(env.JWT_KEYS, "JWT_KEYS");
  const raw = ring.keys.get(kid);
  if (!raw) throw new Error("unknown key");
  const derived = await crypto.subtle.digest("SHA-256", encoder.encode(`parley-download-link:${btoa(String.fromCharCode(...raw))}`));
  return crypto.subtle.importKey("raw", derived, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

const payload = (id: string, exp: number) => encoder.encode(`${id}.${exp}`);
const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");

export async function signDownload(env: Pick<Env, "JWT_KEYS">, id: string, exp: number): Promise<string> {
  const kid = keyRing(env.JWT_KEYS, "JWT_KEYS").currentKid;
  const sig = hex(await crypto.subtle.sign("HMAC", await hmacKey(env, kid), payload(id, exp)));
  return `/api/data/download/${encodeURIComponent(id)}?exp=${exp}&kid=${encodeURIComponent(kid)}&sig=${sig}`;
}

/** True when the signature is right and the link has not expired. Constant-time (HMAC verify). */
export async function verifyDownload(
  env: Pick<Env, "JWT_KEYS">,
  id: string,
  exp: number,
  kid: string,
  sig: string,
  now = Date.now(),
): Promise<boolean> {
  if (!Number.isSafeInteger(exp) || exp < now || !/^[0-9a-f]{64}$/.test(sig)) return false;
  let key: CryptoKey;
  try {
    key = await hmacKey(env, kid);
  } catch {
    return false;
  }
  const bytes = Uint8Array.from(sig.match(/../g)!.map((h) => Number.parseInt(h, 16)));
  return crypto.subtle.verify("HMAC", key, bytes, payload(id, exp));
}
