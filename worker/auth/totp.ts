/** TOTP (RFC 6238) through otpauth: 6 digits, 30 s steps, one step of clock drift either way. */
import { Secret, TOTP } from "otpauth";
import { renderSVG } from "uqr";

const ISSUER = "Parley";
const PERIOD = 30;

const totp = (secretBase32: string, label = "") =>
  new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function enrolment(secretBase32: string, email: string) {
  const uri = totp(secretBase32, email).toString();
  return { secret: secretBase32, otpauthUrl: uri, qrSvg: renderSVG(uri, { border: 2 }) };
}

/** The time step the code belongs to, or null. The caller refuses steps at or before the last one used. */
export function totpStep(secretBase32: string, code: string, now = Date.now()): number | null {
  const delta = totp(secretBase32).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta;
}

/** For tests and the 2FA demo: the code for a given time. */
export function totpCodeAt(secretBase32: string, timestamp: number): string {
  return totp(secretBase32).generate({ timestamp });
}

/** Ten single-use recovery codes like `k3v9q-2mx7d`, shown once. */
export function newRecoveryCodes(count = 10): string[] {
  const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
  return Array.from({ length: count }, () => {
    const bytes = crypto.getRandomValues(new Uint8Array(10));
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

export async function sha256Hex(value: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value)));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}
