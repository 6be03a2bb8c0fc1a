/**
 * Message search in the running app: "/" opens it, "ola" finds "Olá" (accents and case ignored) with the
 * word highlighted, and choosing the result opens the conversation at that message, flashed, with
 * history loading both ways as the agent scrolls. Screenshots of the results, light, dark and phone.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, SHOTS } from "./browser";
import { customerWrites, LIVE, newCustomerNumber, shot, signIn, text } from "./inbox-helpers";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** A word no other test writes, so the search has one answer whatever else the demo org holds. */
const tag = `kw${newCustomerNumber().slice(-6)}`;
const customer = { waId: newCustomerNumber(), name: "Olga Search" };
const FOUND = `Olá! A minha encomenda ${tag} ainda não chegou 📦`;

async function openSearch(page: Page, words: string) {
  await page.locator(".main").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("/");
  const box = page.getByRole("searchbox", { name: "Search every message" });
  await box.waitFor();
  await box.fill(words);
  return page.locator(".search-result", { hasText: customer.name });
}

describe("search every message", () => {
  beforeAll(async () => {
    const start = Date.now() - 3 * 3600_000;
    const before = Array.from({ length: 40 }, (_, i) => text(`Mensagem anterior ${i + 1}`, start + i * 1000));
    const after = Array.from({ length: 60 }, (_, i) => text(`Mensagem seguinte ${i + 1}`, start + 100_000 + i * 1000));
    await customerWrites(customer.waId, customer.name, before);
    await customerWrites(customer.waId, customer.name, text(FOUND, start + 50_000));
    await customerWrites(customer.waId, customer.name, after);
  });

  it('"ola" finds "Olá", highlighted, and opens the conversation at that message', async () => {
    const { context, page } = await signIn(browser);
    const result = await openSearch(page, `ola ${tag}`);
    await result.waitFor(LIVE);
    await expect.poll(() => page.locator(".search-result").count(), LIVE).toBe(1);
    expect(await result.locator("mark").allTextContents()).toEqual(["Olá", tag]);
    expect(await result.locator(".search-snippet").textContent()).toBe(FOUND);

    await result.locator(".search-result-link").click();
    await page.waitForURL(/\/inbox\/[^?]+\?at=/);
    expect(await page.locator(".search-dialog").count()).toBe(0);
    const found = page.locator(".msg", { hasText: FOUND });
    await found.waitFor(LIVE);
    // Flashed, and on screen: the page loaded around it, not at the newest message.
    await expect.poll(() => found.evaluate((el) => el.classList.contains("is-found")), LIVE).toBe(true);
    const inView = () =>
      found.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const box = el.closest(".messages")!.getBoundingClientRect();
        return r.top >= box.top && r.bottom <= box.bottom;
      });
    expect(await inView()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/search-opened.png` });
    expect(await page.locator(".msg", { hasText: "Mensagem seguinte 60" }).count()).toBe(0);
    const first = page.locator(".msg .msg-text", { hasText: /^Mensagem anterior 1$/ });
    expect(await first.count()).toBe(0);

    // Down to the newest, then up to the first: both ways load as the agent scrolls.
    const messages = page.locator(".messages");
    await expect
      .poll(async () => {
        await messages.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
        return page.locator(".msg", { hasText: "Mensagem seguinte 60" }).count();
      }, LIVE)
      .toBe(1);
    await expect
      .poll(async () => {
        await messages.evaluate((el) => el.scrollTo({ top: 0 }));
        return page.locator(".history-note", { hasText: "start of the conversation" }).count();
      }, LIVE)
      .toBe(1);
    expect(await first.count()).toBe(1);
    await context.close();
  });

  it("screenshots: results in light, dark and on a phone", async () => {
    for (const [name, options] of [
      ["search-light", {}],
      ["search-dark", { colorScheme: "dark" as const }],
      ["search-phone", { width: 390, touch: true }],
    ] as const) {
      const { context, page } = await signIn(browser, options);
      if ("touch" in options) {
        await page.getByRole("button", { name: "Search messages" }).first().click();
        await page.getByRole("searchbox", { name: "Search every message" }).fill("mensagem 1");
      } else {
        await openSearch(page, "mensagem 1");
      }
      await page.locator(".search-result").first().waitFor(LIVE);
      await shot(page, name);
      await context.close();
    }
  });
});
