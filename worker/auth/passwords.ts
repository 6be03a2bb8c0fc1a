/**
 * Password hashing: HMAC-SHA256 under a server-side pepper, then bcrypt. bcrypt reads only 72 bytes, so
 * the pepper step also makes every byte of a long passphrase count (its base64 output is 44 bytes).
 */
import bcrypt from "bcryptjs";

export const BCRYPT_COST = 10;

/** A real hash of a random password: unknown emails are checked against it, so they cost the same time. */
const DUMMY_HASH = "$2b$10$8sJP10778SElQexlI3aUMuMeHzQh/J3iseQn9/VZImG6ySZ3fQ9V2";

async function pepper(password: string, secret: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(password)));
  return btoa(String.fromCharCode(...mac));
}

export async function hashPassword(password: string, secret: string): Promise<string> {
  return bcrypt.hash(await pepper(password, secret), BCRYPT_COST);
}

/** Compares against `hash`, or against a dummy when there is no account, so timing does not reveal which. */
export async function verifyPassword(password: string, hash: string | null, secret: string): Promise<boolean> {
  const ok = await bcrypt.compare(await pepper(password, secret), hash ?? DUMMY_HASH);
  return hash !== null && ok;
}
