/** Two-factor helpers: enrol a member through the API and compute codes as an authenticator app would. */
import { expect } from "vitest";
import { totpCodeAt } from "../../worker/auth/totp";
import { Browser, PASSWORD, type Member } from "./accounts";

/**
 * The code for the current 30 s step, or a later one. Only the current and the next step are used: the
 * server accepts one step of drift, so these stay valid even if a step boundary passes mid-request.
 */
export const codeAt = (secret: string, stepsAhead: 0 | 1 = 0) => totpCodeAt(secret, Date.now() + stepsAhead * 30_000);

/** `count` distinct codes no clock would accept right now (checked against the window the server allows). */
export function wrongCodes(secret: string, count: number): string[] {
  const now = Date.now();
  const valid = new Set([-1, 0, 1, 2].map((k) => totpCodeAt(secret, now + k * 30_000)));
  const codes: string[] = [];
  for (let n = 0; codes.length < count; n++) {
    const code = String((123456 + n * 7919) % 1_000_000).padStart(6, "0");
    if (!valid.has(code)) codes.push(code);
  }
  return codes;
}

export const wrongCode = (secret: string) => wrongCodes(secret, 1)[0]!;

export interface Enrolled {
  secret: string;
  recoveryCodes: string[];
}

/** Setup then confirm with the current code; the member's session continues. */
export async function enableTwoFactor(member: Member): Promise<Enrolled> {
  const setup = await member.browser.json<{ secret: string; otpauthUrl: string; qrSvg: string }>("POST", "/api/me/2fa/setup");
  const { recoveryCodes } = await member.browser.json<{ recoveryCodes: string[] }>("POST", "/api/me/2fa/confirm", {
    code: codeAt(setup.secret),
  });
  return { secret: setup.secret, recoveryCodes };
}

/** The password step of a 2FA sign-in, in a new browser; returns the challenge. */
export async function passwordStep(email: string, browser?: Browser): Promise<{ browser: Browser; challengeId: string }> {
  const b = browser ?? new Browser();
  if (!b.cookies.has("__Host-wa_csrf_token")) await b.csrf();
  const res = await b.post("/api/auth/login", { email, password: PASSWORD });
  const body = (await res.json()) as { twoFactorRequired?: boolean; challengeId?: string };
  expect(res.status).toBe(200);
  expect(body.twoFactorRequired).toBe(true);
  expect(b.cookies.has("__Host-token")).toBe(false);
  return { browser: b, challengeId: body.challengeId! };
}
