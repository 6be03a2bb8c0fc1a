/**
 * Replying and reacting on a phone, where there is no hover: press and hold a message for its actions
 * (react, reply), swipe it to the right to reply. Real touch input through Chromium's input pipeline
 * (DevTools' Input.dispatchTouchEvent), on a phone viewport with touch.
 */
import type { Browser, CDPSession, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch } from "./browser";
import { bubbles, customerWrites, LIVE, newCustomerNumber, openConversation, row, shot, signIn, text, type Agent } from "./inbox-helpers";

let browser: Browser;
let dana: Agent;
let cdp: CDPSession;
const customer = { waId: newCustomerNumber(), name: `Paula Phone ${Date.now() % 10_000}` };

/** A finger: down at a point, optionally moving in steps, up after `holdMs`. */
async function finger(page: Page, target: Locator, options: { holdMs?: number; moveX?: number }): Promise<void> {
  const box = await target.boundingBox();
  if (!box) throw new Error("the message is not on screen");
  const x = box.x + Math.min(24, box.width / 4);
  const y = box.y + box.height / 2;
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x, y }] });
  const steps = 8;
  for (let i = 1; i <= steps && options.moveX; i++) {
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: x + (options.moveX * i) / steps, y }] });
  }
  if (options.holdMs) await page.waitForTimeout(options.holdMs);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
}

beforeAll(async () => {
  browser = await launch();
  dana = await signIn(browser, { width: 390, touch: true });
  cdp = await dana.context.newCDPSession(dana.page);
});

afterAll(async () => {
  await browser?.close();
});

describe("the inbox on a phone", () => {
  it("press and hold a message: react from the sheet; no hover-only buttons in the way", async () => {
    const page = dana.page;
    await customerWrites(customer.waId, customer.name, text("Do you deliver to Porto?"));
    await row(page, customer.name).waitFor(LIVE);
    await openConversation(page, customer.name);
    const question = page.locator(".msg-in", { hasText: "Do you deliver to Porto?" });
    await question.waitFor(LIVE);
    expect(await question.locator(".msg-actions").isVisible()).toBe(false);

    await finger(page, question.locator(".bubble"), { holdMs: 800 });
    const sheet = page.getByRole("dialog", { name: "Message" });
    await sheet.waitFor(LIVE);
    await shot(page, "inbox-phone-hold-light");
    await sheet.getByRole("button", { name: "React 👍" }).click();
    await expect.poll(() => sheet.count(), LIVE).toBe(0);
    // The reaction goes out through WhatsApp and comes back on the message as the team's own.
    await question.locator(".reaction.is-ours", { hasText: "👍" }).waitFor(LIVE);
  });

  it("a tap or a scroll-like drag opens nothing", async () => {
    const page = dana.page;
    const question = page.locator(".msg-in", { hasText: "Do you deliver to Porto?" });
    await finger(page, question.locator(".bubble"), {});
    await finger(page, question.locator(".bubble"), { moveX: 20 });
    expect(await page.getByRole("dialog", { name: "Message" }).count()).toBe(0);
    expect(await page.locator(".composer-quote").count()).toBe(0);
  });

  it("swipe a message to the right to reply to it", async () => {
    const page = dana.page;
    const question = page.locator(".msg-in", { hasText: "Do you deliver to Porto?" });
    await finger(page, question.locator(".bubble"), { moveX: 120 });
    const quote = page.locator(".composer-quote");
    await quote.waitFor(LIVE);
    expect(await quote.textContent()).toContain("Do you deliver to Porto?");
    const composer = page.getByLabel("Message", { exact: true });
    await composer.fill("Yes, in 2 working days.");
    await composer.press("Enter");
    const reply = page.locator(".msg-out", { hasText: "Yes, in 2 working days." });
    await reply.waitFor(LIVE);
    expect(await reply.locator(".quote").textContent()).toContain("Do you deliver to Porto?");
    await bubbles(page, "Yes, in 2 working days.").waitFor(LIVE);
  });

  it("looks right dark", async () => {
    const dark = await signIn(browser, { width: 390, touch: true, colorScheme: "dark" });
    const darkCdp = cdp;
    cdp = await dark.context.newCDPSession(dark.page);
    await openConversation(dark.page, customer.name);
    const question = dark.page.locator(".msg-in", { hasText: "Do you deliver to Porto?" });
    await question.waitFor(LIVE);
    await finger(dark.page, question.locator(".bubble"), { holdMs: 800 });
    await dark.page.getByRole("dialog", { name: "Message" }).waitFor(LIVE);
    await shot(dark.page, "inbox-phone-hold-dark");
    cdp = darkCdp;
    await dark.context.close();
  });
});
