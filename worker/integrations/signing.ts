/**
 * The `Parley-Signature` header, in Stripe's shape: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>" with the endpoint's secret>`. The timestamp is inside what is signed, so a receiver
 * that refuses old `t` (we suggest 5 minutes) cannot be fed a recorded delivery again.
 */
import { randomToken } from "../auth/random-token";

export const SIGNATURE_HEADER = "Parley-Signature";
export const SECRET_PREFIX = "whsec_";

export const newSigningSecret = () => `${SECRET_PREFIX}${randomToken()}`;

export async function signatureHeader(secret: string, body: string, timestampSeconds: number): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, enc.encode(`${timestampSeconds}.${body}`));
  const hex = [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `t=${timestampSeconds},v1=${hex}`;
}
