import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, newAgent } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("the app in Chromium", () => {
  it("loads under the strict CSP with no script errors or CSP violations", async () => {
    const { context, page } = await newAgent(browser);
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    const res = await page.goto("/");
    expect(res?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await expect.poll(() => page.title()).toContain("Parley");
    await page.waitForLoadState("networkidle");
    expect(problems.filter((p) => !/401|Failed to load resource/.test(p))).toEqual([]);
    await context.close();
  });
});
