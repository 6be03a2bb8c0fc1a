/**
 * Forgotten passwords and email verification: the same answer for every address, a link that works
 * once and for 30 minutes, every old session ended, and rate limits on asking.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { issueAccountToken } from "../../worker/accounts/account-tokens";
import { openDb } from "../../db/client";
import { Browser, PASSWORD, signUpOwner, uniqueEmail } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { auditOf, userByEmail } from "../support/org-state";
import { linkIn, mailTo, waitForMail } from "../support/mailbox";

const NEW_PASSWORD = "a brand new passphrase";

async function askReset(email: string, browser = new Browser()): Promise<Response> {
  await browser.csrf();
  return browser.post("/api/auth/password-reset", { email });
}

describe("password reset", () => {
  it("answers the same for a known and an unknown address, and mails only the known one", async () => {
    const owner = await signUpOwner();
    const unknown = uniqueEmail("nobody");
    const known = await askReset(owner.email);
    const other = await askReset(unknown);
    expect(known.status).toBe(202);
    expect(other.status).toBe(202);
    expect(await other.text()).toBe(await known.text());
    await waitForMail(owner.email, /Reset your Parley password/);
    expect(await mailTo(unknown)).toHaveLength(0);
  });

  it("resets with the mailed link, ends every old session, signs this browser in, and works once", async () => {
    const owner = await signUpOwner("Reset Co");
    await expectJson(await askReset(owner.email), 202);
    const mail = await waitForMail(owner.email, /Reset your Parley password/);
    expect(mail.html).toContain("Choose a new password");
    const token = linkIn(mail, "/reset-password");

    const phone = new Browser();
    await phone.csrf();
    const check = await expectJson<{ reset: { email: string } }>(await phone.get(`/api/auth/password-reset/${token}`));
    expect(check.reset.email).toBe(owner.email);
    const done = await expectJson<{ signedIn: boolean; org: { name: string } }>(
      await phone.post("/api/auth/password-reset/confirm", { token, password: NEW_PASSWORD }),
    );
    expect(done).toMatchObject({ signedIn: true, org: { name: "Reset Co" } });
    await expectJson(await phone.get("/api/auth/me"));
    // The session that was signed in before the reset is over.
    expect((await owner.browser.get("/api/auth/me")).status).toBe(401);

    await expectError(
      await phone.post("/api/auth/password-reset/confirm", { token, password: "another one entirely" }),
      400,
      "reset_link_invalid",
    );
    await expectError(await phone.get(`/api/auth/password-reset/${token}`), 400, "reset_link_invalid");

    const login = new Browser();
    await login.csrf();
    await expectError(await login.post("/api/auth/login", { email: owner.email, password: PASSWORD }), 401, "invalid_credentials");
    await expectJson(await login.post("/api/auth/login", { email: owner.email, password: NEW_PASSWORD }));
    expect((await auditOf(owner.orgId, "auth.password_reset")).length).toBe(1);
  });

  it("refuses an expired link, and older links once one was used", async () => {
    const owner = await signUpOwner();
    const user = (await userByEmail(owner.email))!;
    const db = openDb(env.DB);
    const expired = await issueAccountToken(db, "password_reset", user, Date.now() - 31 * 60_000);
    const older = await issueAccountToken(db, "password_reset", user);
    const newer = await issueAccountToken(db, "password_reset", user);
    const b = new Browser();
    await b.csrf();
    await expectError(
      await b.post("/api/auth/password-reset/confirm", { token: expired.token, password: NEW_PASSWORD }),
      400,
      "reset_link_invalid",
    );
    // Nothing changed: the old password still works.
    expect((await userByEmail(owner.email))!.passwordHash).toBe(user.passwordHash);
    await expectJson(await b.post("/api/auth/password-reset/confirm", { token: newer.token, password: NEW_PASSWORD }));
    await expectError(
      await b.post("/api/auth/password-reset/confirm", { token: older.token, password: "yet another passphrase" }),
      400,
      "reset_link_invalid",
    );
  });

  it("refuses a short new password and keeps the link usable", async () => {
    const owner = await signUpOwner();
    const { token } = await issueAccountToken(openDb(env.DB), "password_reset", (await userByEmail(owner.email))!);
    const b = new Browser();
    await b.csrf();
    await expectError(await b.post("/api/auth/password-reset/confirm", { token, password: "short" }), 400, "invalid_body", /at least 8/);
    await expectJson(await b.post("/api/auth/password-reset/confirm", { token, password: NEW_PASSWORD }));
  });

  it("limits requests per address, whether or not it has an account", async () => {
    const email = uniqueEmail("flood");
    for (let i = 0; i < 3; i++) expect((await askReset(email)).status).toBe(202);
    const res = await askReset(email);
    await expectError(res, 429, "rate_limited");
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("email verification", () => {
  it("mails a new owner a confirmation link that marks the address verified once", async () => {
    const owner = await signUpOwner();
    expect(await expectJson(await owner.browser.get("/api/auth/verify-email"))).toEqual({ verified: false });
    const token = linkIn(await waitForMail(owner.email, /Confirm your email/), "/verify-email");
    const other = new Browser();
    await other.csrf();
    expect(await expectJson(await other.post("/api/auth/verify-email", { token }))).toEqual({ verified: true, email: owner.email });
    expect(await expectJson(await owner.browser.get("/api/auth/verify-email"))).toEqual({ verified: true });
    await expectError(await other.post("/api/auth/verify-email", { token }), 400, "verify_link_invalid");
    expect(await expectJson(await owner.browser.post("/api/auth/verify-email/resend"))).toEqual({ sent: false, verified: true });
  });
});
