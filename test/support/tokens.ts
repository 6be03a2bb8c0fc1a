/**
 * Session tokens built in the test with jose, to forge, expire, re-sign and tamper with them exactly as
 * an attacker could; and browsers that carry a given token.
 */
import { env } from "cloudflare:test";
import { decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
import { AUDIENCE, ISSUER } from "../../worker/auth/tokens";
import { Browser } from "./accounts";

/** The raw key bytes of a `kid` in JWT_KEYS (parsed here, not through the Worker's own parser). */
export function jwtKey(kid: string): Uint8Array<ArrayBuffer> {
  const entry = env.JWT_KEYS.split(",").find((part) => part.trim().startsWith(`${kid}:`));
  if (!entry) throw new Error(`no JWT key ${kid}`);
  return Uint8Array.from(atob(entry.trim().slice(kid.length + 1)), (ch) => ch.charCodeAt(0));
}

export interface TokenSpec {
  sub: string;
  org: string;
  jti: string;
  kid?: string | null;
  key?: Uint8Array<ArrayBuffer>;
  alg?: "HS256" | "HS384" | "HS512";
  iss?: string;
  aud?: string;
  /** Seconds since the epoch. */
  exp?: number;
  iat?: number;
}

export async function signToken(spec: TokenSpec): Promise<string> {
  const kid = spec.kid === undefined ? "test1" : spec.kid;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ org: spec.org })
    .setProtectedHeader({ alg: spec.alg ?? "HS256", typ: "JWT", ...(kid !== null && { kid }) })
    .setSubject(spec.sub)
    .setJti(spec.jti)
    .setIssuer(spec.iss ?? ISSUER)
    .setAudience(spec.aud ?? AUDIENCE)
    .setIssuedAt(spec.iat ?? now)
    .setExpirationTime(spec.exp ?? now + 3600)
    .sign(spec.key ?? jwtKey(kid ?? "test1"));
}

const b64url = (value: unknown) => btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");

/** An unsigned token (`alg: none`) with the given claims. */
export function unsignedToken(claims: Record<string, unknown>): string {
  return `${b64url({ alg: "none", typ: "JWT", kid: "test1" })}.${b64url(claims)}.`;
}

/** The token's payload edited in place, its original signature kept. */
export function editPayload(token: string, edit: Record<string, unknown>): string {
  const [header, , signature] = token.split(".");
  return `${header}.${b64url({ ...decodeJwt(token), ...edit })}.${signature}`;
}

export const claimsOf = (token: string) =>
  decodeJwt(token) as { sub: string; org: string; jti: string; iss: string; aud: string; exp: number; iat: number };
export const headerOf = (token: string) => decodeProtectedHeader(token);

export function sessionToken(browser: Browser): string {
  const token = browser.cookies.get("__Host-token");
  if (!token) throw new Error("browser has no session cookie");
  return token;
}

/** A fresh browser (own IP, own CSRF cookie) presenting `token` as its session cookie. */
export async function browserWithToken(token: string): Promise<Browser> {
  const browser = new Browser();
  await browser.csrf();
  browser.cookies.set("__Host-token", token);
  return browser;
}
