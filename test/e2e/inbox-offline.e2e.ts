/**
 * The PWA: a manifest, a service worker that keeps the app shell, and an inbox that opens offline to the
 * last state (list and open conversation), then goes live again when the network returns.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch } from "./browser";
import {
  bubbles,
  connection,
  customerWrites,
  LIVE,
  newCustomerNumber,
  openConversation,
  row,
  shot,
  signIn,
  text,
  type Agent,
} from "./inbox-helpers";

let browser: Browser;
let dana: Agent;
const customer = { waId: newCustomerNumber(), name: "Olga Offline" };

beforeAll(async () => {
  browser = await launch();
  dana = await signIn(browser, { width: 390 });
});

afterAll(async () => {
  await browser?.close();
});

describe("the inbox as an installable app", () => {
  it("links a manifest with icons and theme colors", async () => {
    const href = await dana.page.locator('link[rel="manifest"]').getAttribute("href");
    const manifest = (await (await dana.page.request.get(href!)).json()) as {
      name: string;
      start_url: string;
      icons: { src: string }[];
      theme_color: string;
    };
    expect(manifest.name).toBe("Parley");
    expect(manifest.start_url).toBe("/inbox");
    expect(manifest.theme_color).toMatch(/^#/);
    for (const icon of manifest.icons) expect((await dana.page.request.get(icon.src)).ok()).toBe(true);
  });

  it("opens offline to the last list and conversation, and goes live again", async () => {
    const page = dana.page;
    await customerWrites(customer.waId, customer.name, text("Are you open tomorrow?"));
    await row(page, customer.name).waitFor(LIVE);
    await openConversation(page, customer.name);
    await bubbles(page, "Are you open tomorrow?").waitFor(LIVE);

    // The service worker holds the shell and the files this page loaded (the inbox chunk included).
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            await navigator.serviceWorker.ready;
            const cache = await caches.open("parley-shell-v1");
            const urls = (await cache.keys()).map((r) => new URL(r.url).pathname);
            return urls.includes("/index.html") && urls.some((u) => /^\/assets\/inbox-.*\.js$/.test(u));
          }),
        LIVE,
      )
      .toBe(true);
    // The inbox keeps its last state for offline use (written shortly after it changes).
    await expect
      .poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("parley.cache.conv.")).length), LIVE)
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem("parley.cache.list")?.includes("Olga Offline") ?? false), LIVE)
      .toBe(true);

    await dana.context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.locator(".chat-name").textContent(), LIVE).toBe(customer.name);
    await bubbles(page, "Are you open tomorrow?").waitFor(LIVE);
    await shot(page, "inbox-offline-start-phone-light");
    await page.getByRole("button", { name: "Back to conversations" }).click();
    await row(page, customer.name).waitFor(LIVE);
    await expect.poll(() => connection(page), LIVE).not.toBe("live");
    await openConversation(page, customer.name);

    // Back online: live again, and what was missed arrives.
    await customerWrites(customer.waId, customer.name, text("Hello? Written while you were offline"));
    await dana.context.setOffline(false);
    await expect.poll(() => connection(page), LIVE).toBe("live");
    await expect.poll(() => bubbles(page, "Hello? Written while you were offline").count(), LIVE).toBe(1);
  });
});
