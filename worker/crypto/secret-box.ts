/**
 * AES-GCM sealing for secrets kept in D1 (WhatsApp access tokens, TOTP secrets). The sealed form names
 * its key id so keys can rotate: `v1.<kid>.<iv b64>.<ciphertext b64>`. Additional data binds a
 * ciphertext to its row, so a sealed value copied onto another row does not open.
 */
const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

export interface SealingKeys {
  /** Key id used for new seals. */
  current: string;
  /** kid → base64 of 32 raw key bytes. */
  keys: Record<string, string>;
}

/** ENCRYPTION_KEY is either one base64 key (kid "k1") or `kid:base64,kid:base64` with the first current. */
export function sealingKeysFromEnv(value: string): SealingKeys {
  const parts = value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) throw new Error("ENCRYPTION_KEY is empty");
  const keys: Record<string, string> = {};
  for (const part of parts) {
    const [kid, b64] = part.includes(":") ? (part.split(":", 2) as [string, string]) : ["k1", part];
    keys[kid] = b64;
  }
  return { current: parts[0]!.includes(":") ? parts[0]!.split(":")[0]! : "k1", keys };
}

export async function seal(keys: SealingKeys, plaintext: string, additionalData: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await importKey(keys, keys.current);
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(additionalData) },
    key,
    encoder.encode(plaintext),
  );
  return ["v1", keys.current, toB64(iv), toB64(new Uint8Array(ct))].join(".");
}

export async function open(keys: SealingKeys, sealed: string, additionalData: string): Promise<string> {
  const [version, kid, iv, ct] = sealed.split(".");
  if (version !== "v1" || !kid || !iv || !ct) throw new Error("sealed value has an unknown format");
  const key = await importKey(keys, kid);
  const pt = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromB64(iv), additionalData: encoder.encode(additionalData) },
    key,
    fromB64(ct),
  );
  return new TextDecoder().decode(pt);
}

function importKey(keys: SealingKeys, kid: string): Promise<CryptoKey> {
  const b64 = keys.keys[kid];
  if (!b64) return Promise.reject(new Error(`no sealing key with id ${kid}`));
  const cacheId = `${kid}:${b64}`;
  let key = keyCache.get(cacheId);
  if (!key) {
    const raw = fromB64(b64);
    if (raw.length !== 32) return Promise.reject(new Error(`sealing key ${kid} must be 32 bytes`));
    key = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    keyCache.set(cacheId, key);
  }
  return key;
}

const toB64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromB64 = (b64: string) => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
