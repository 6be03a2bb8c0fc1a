/**
 * Mail about an account's security: a sign-in from a device the account never used is mailed (once per
 * device; never for the browser that signed up, nor for the same browser again), and turning two-factor
 * sign-in on or off is mailed to the account's address.
 */
import { describe, expect, it } from "vitest";
import { DEVICE_COOKIE } from "../../worker/auth/device";
import { describeUserAgent } from "../../worker/auth/user-agent";
import { Browser, PASSWORD, signUpOwner } from "../support/accounts";
import { expectJson } from "../support/api-errors";
import { mailTo, waitForMail } from "../support/mailbox";
import { sessionsOf } from "../support/org-state";
import { codeAt, enableTwoFactor } from "../support/two-factor";

const NEW_SIGN_IN = /New sign-in to your Parley account/;
const IPHONE_SAFARI =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

async function signInFrom(browser: Browser, email: string, headers: Record<string, string> = {}): Promise<void> {
  await browser.csrf();
  await expectJson(await browser.request("POST", "/api/auth/login", { email, password: PASSWORD }, headers));
}

/** Mail is queued; give the queue a moment, then count what arrived. */
async function settledMailTo(address: string, subject: RegExp): Promise<number> {
  await new Promise((r) => setTimeout(r, 400));
  return (await mailTo(address)).filter((m) => subject.test(m.subject)).length;
}

describe("new device sign-in mail", () => {
  it("mails a sign-in from a new device once, naming it, and not for a browser the account used before", async () => {
    const owner = await signUpOwner();
    // The browser that signed up signs in again: a device the account knows.
    await signInFrom(owner.browser, owner.email);
    expect(owner.browser.cookies.get(DEVICE_COOKIE)).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const phone = new Browser();
    await signInFrom(phone, owner.email, { "user-agent": IPHONE_SAFARI });
    const mail = await waitForMail(owner.email, NEW_SIGN_IN);
    expect(mail.text).toContain("Safari on iOS");
    expect(mail.text).toContain(`IP ${phone.ip}`);
    expect(mail.text).toMatch(/https?:\/\/[^\s]+\/profile/);
    // The same phone again is known now; so is the first browser.
    await signInFrom(phone, owner.email, { "user-agent": IPHONE_SAFARI });
    await signInFrom(owner.browser, owner.email);
    expect(await settledMailTo(owner.email, NEW_SIGN_IN)).toBe(1);
    // Only the hash of the device cookie is kept.
    const stored = (await sessionsOf(owner.userId)).map((s) => s.deviceHash);
    expect(stored).not.toContain(phone.cookies.get(DEVICE_COOKIE));
    expect(stored.every((h) => /^[0-9a-f]{64}$/.test(h ?? ""))).toBe(true);
  });

  it("treats a forged or garbled device cookie as a new device", async () => {
    const owner = await signUpOwner();
    const other = new Browser();
    other.cookies.set(DEVICE_COOKIE, "not-a-device-id");
    await signInFrom(other, owner.email);
    await waitForMail(owner.email, NEW_SIGN_IN);
    // The garbled value was replaced by a fresh id.
    expect(other.cookies.get(DEVICE_COOKIE)).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it("names the browser and system from the user agent (as the sessions list does), and says so when it cannot", () => {
    expect(describeUserAgent(IPHONE_SAFARI)).toBe("Safari on iOS");
    expect(
      describeUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"),
    ).toBe("Chrome on Windows");
    expect(describeUserAgent("curl/8.5.0")).toBe("curl/8.5.0");
    expect(describeUserAgent(null)).toBe("Unknown device");
  });
});

describe("two-factor change mail", () => {
  it("mails the account when two-factor sign-in is turned on, and again when it is turned off", async () => {
    const owner = await signUpOwner();
    const { secret } = await enableTwoFactor(owner);
    const on = await waitForMail(owner.email, /Two-factor sign-in turned on/);
    expect(on.text).toContain("turned on");
    await expectJson(await owner.browser.post("/api/me/2fa/disable", { password: PASSWORD, code: codeAt(secret, 1) }));
    await waitForMail(owner.email, /Two-factor sign-in turned off/);
  });
});
