/**
 * Email as a person meets it: "Forgot password" → the local mailbox → the reset link → signed in, and
 * the old session gone; an invitation's link in the mailbox joins the organization.
 */
import { randomInt } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, mailboxUrl, newAgent } from "./browser";
import { apiAs, shot } from "./inbox-helpers";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const uniqueEmail = (who: string) => `${who}-${Date.now()}-${randomInt(1000, 9999)}@example.test`;

async function signUp(page: Page, email: string, orgName: string): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Organization name").fill(orgName);
  await page.getByLabel("Your name").fill("Rita Reset");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill("the-first-password-1");
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.waitForURL(/\/(inbox|numbers|setup)/);
}

/** Opens the newest message to `to` with that subject in the mailbox and follows its button. */
async function followMailLink(page: Page, to: string, subject: RegExp, button: string): Promise<void> {
  await page.goto(`${mailboxUrl()}/`);
  const item = page.locator("li a", { hasText: to }).filter({ hasText: subject }).first();
  await expect.poll(async () => (await item.count()) > 0 || (await page.reload(), false), { timeout: 30_000 }).toBe(true);
  await item.click();
  await page.frameLocator("iframe").getByRole("link", { name: button }).click();
}

describe("email in the browser", () => {
  it("resets a forgotten password from the mailbox and ends the old session", async () => {
    const email = uniqueEmail("forgot");
    const old = await newAgent(browser);
    await signUp(old.page, email, "Forgetful Ltd");

    const { context, page } = await newAgent(browser);
    await page.goto("/signin");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.getByRole("heading", { name: "Reset your password" }).waitFor();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await page.getByText("a reset link is on its way").waitFor();
    await shot(page, "forgot-password-sent");

    await followMailLink(page, email, /Reset your Parley password/, "Choose a new password");
    await page.waitForURL(/\/reset-password\//);
    await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
    await page.getByLabel("New password", { exact: true }).fill("the-second-password-2");
    await page.getByLabel("Repeat the new password").fill("the-second-password-2");
    await shot(page, "reset-password");
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await page.waitForURL(/\/inbox/);

    // The tab that was signed in before the reset is signed out.
    await old.page.reload();
    await old.page.waitForURL(/\/signin/);
    await context.close();
    await old.context.close();
  });

  it("joins an organization from the invitation email", async () => {
    const owner = await newAgent(browser);
    await signUp(owner.page, uniqueEmail("inviter"), "Inviting Co");
    const email = uniqueEmail("joiner");
    await apiAs(owner.page, "POST", "/api/team/invites", { email, role: "agent" });

    const { context, page } = await newAgent(browser);
    await followMailLink(page, email, /invited you to Inviting Co/, "Accept the invitation");
    await page.waitForURL(/\/invite\//);
    await page.getByRole("heading", { name: "Join Inviting Co" }).waitFor();
    await page.getByLabel("Your name").fill("Jo Joiner");
    await page.getByLabel("Choose a password").fill("e2e-joiner-password-1");
    await page.getByRole("button", { name: "Join Inviting Co" }).click();
    await page.waitForURL(/\/inbox/);
    await context.close();

    // The owner sees the invitation among the mail Parley sent, delivered.
    await owner.page.goto("/settings");
    const row = owner.page.locator(".email-deliveries li", { hasText: email });
    await row.getByText("Invitation").waitFor();
    await row.getByText("Sent").waitFor();
    await row.scrollIntoViewIfNeeded();
    await shot(owner.page, "settings-email-deliveries");
    await owner.page.emulateMedia({ colorScheme: "dark" });
    await owner.page.setViewportSize({ width: 390, height: 800 });
    await row.scrollIntoViewIfNeeded();
    await shot(owner.page, "settings-email-deliveries-phone-dark");
    await owner.context.close();
  });
});
