/** Parses `kid:base64,kid:base64` key lists: the first key signs, every key verifies, so keys rotate. */
export interface KeyRing {
  currentKid: string;
  keys: Map<string, Uint8Array<ArrayBuffer>>;
}

const cache = new Map<string, KeyRing>();

export function keyRing(value: string | undefined, name: string): KeyRing {
  if (!value) throw new Error(`${name} is not configured`);
  let ring = cache.get(value);
  if (ring) return ring;
  const keys = new Map<string, Uint8Array<ArrayBuffer>>();
  let currentKid = "";
  for (const part of value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = part.indexOf(":");
    if (at < 1) throw new Error(`${name} entries must be kid:base64`);
    const kid = part.slice(0, at);
    const bytes = Uint8Array.from(atob(part.slice(at + 1)), (ch) => ch.charCodeAt(0));
    if (bytes.length < 32) throw new Error(`${name} key ${kid} must be at least 32 bytes`);
    keys.set(kid, bytes);
    currentKid ||= kid;
  }
  ring = { currentKid, keys };
  cache.set(value, ring);
  return ring;
}
