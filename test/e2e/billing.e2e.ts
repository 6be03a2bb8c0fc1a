/**
 * Billing as an owner meets it, against the local Stripe peer: upgrade through hosted Checkout and see the
 * new limits at once; a failed payment (sent by the peer) brings the grace banner; on the 2-seat Free plan
 * a 3rd seat is refused with the upgrade prompt.
 */
import { randomInt } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, newAgent, stripePeerUrl } from "./browser";
import { shot } from "./inbox-helpers";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const uniqueEmail = (who: string) => `${who}-${Date.now()}-${randomInt(1000, 9999)}@example.test`;

async function signUp(page: Page, orgName: string): Promise<string> {
  const email = uniqueEmail("owner");
  await page.goto("/signup");
  await page.getByLabel("Organization name").fill(orgName);
  await page.getByLabel("Your name").fill("Bea Billing");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill("the-billing-password-1");
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.waitForURL(/\/(inbox|numbers|setup)/);
  return email;
}

async function openBilling(page: Page): Promise<void> {
  await page.goto("/billing");
  await page.getByRole("heading", { name: /plan/ }).first().waitFor();
}

describe("billing in the browser", () => {
  it("upgrades through Checkout, shows the new limits, then the grace banner after a failed payment", async () => {
    const { context, page } = await newAgent(browser);
    await signUp(page, "Upgrading Ltd");
    await openBilling(page);
    await page.getByRole("button", { name: "Choose Business" }).click();
    await page.waitForURL(new RegExp(`^${stripePeerUrl()}/checkout/`));
    await shot(page, "stripe-checkout");
    await page.getByRole("button", { name: "Pay and subscribe" }).click();
    await page.waitForURL(/\/billing\?checkout=done/);
    await page.getByRole("heading", { name: /Business plan/ }).waitFor();
    await page.getByText("1 / 50").waitFor();
    await shot(page, "billing-business");

    const customer = await page.evaluate(async () => {
      const res = await fetch("/api/billing");
      return ((await res.json()) as { billing: { hasCustomer: boolean } }).billing.hasCustomer;
    });
    expect(customer).toBe(true);
    // Marks this page: if the banner below appeared only after a reload, the mark would be gone.
    await page.evaluate(() => Object.assign(window, { __stillThisPage: true }));
    const subs = (await (await fetch(`${stripePeerUrl()}/__stripe/subscriptions`)).json()) as { id: string; status: string }[];
    const latest = subs.filter((s) => s.status === "active").at(-1)!;
    const failed = await fetch(`${stripePeerUrl()}/__stripe/fail-payment`, {
      method: "POST",
      body: JSON.stringify({ subscription: latest.id }),
    });
    expect(failed.status).toBe(200);
    // Stripe's webhook reaches the open Billing page live: the banner shows without a reload.
    await page.getByText("Your last payment failed.").waitFor();
    expect(await page.evaluate(() => (window as unknown as { __stillThisPage?: boolean }).__stillThisPage)).toBe(true);
    await page.goto("/team");
    await page.getByText("Your last payment failed.").waitFor();
    await shot(page, "billing-grace-banner");
    await context.close();
  });

  it("refuses a 3rd seat on the 2-seat Free plan with the upgrade prompt", async () => {
    const { context, page } = await newAgent(browser, { width: 390 });
    await signUp(page, "Small Team");
    await openBilling(page);
    await page.getByRole("button", { name: "Continue on Free" }).click();
    await page.getByRole("button", { name: "Current plan" }).waitFor();
    await page.goto("/team");
    const invite = async (email: string) => {
      await page.getByLabel("Email address").fill(email);
      await page.getByRole("button", { name: "Send invite" }).click();
    };
    await invite(uniqueEmail("second"));
    await page.getByText(/Invite created for/).waitFor();
    await invite(uniqueEmail("third"));
    await page.getByText(/Your Free plan includes 2 seats/).waitFor();
    await page.getByRole("link", { name: "See plans" }).waitFor();
    await shot(page, "billing-seat-limit");
    await context.close();
  });
});
