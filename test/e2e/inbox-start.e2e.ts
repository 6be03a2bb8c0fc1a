/**
 * Opening the app on the inbox (where agents start): the conversation list is asked for while the
 * session check and the inbox's own code are still loading, not after them.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, newAgent } from "./browser";
import { customerWrites, LIVE, newCustomerNumber, row, signIn, text } from "./inbox-helpers";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("a cold start on /inbox", () => {
  it("asks for the conversation list without waiting for the inbox's code", async () => {
    const customer = { waId: newCustomerNumber(), name: "Stella Start" };
    await customerWrites(customer.waId, customer.name, text("Is the shop open on Sunday?"));
    const dana = await signIn(browser);
    const cookies = await dana.context.cookies();
    await dana.context.close();
    // A fresh context (nothing cached, no service worker) with Dana's session, as after a restart.
    const { context, page } = await newAgent(browser);
    await context.addCookies(cookies);

    let listAsked = () => {};
    const listRequested = new Promise<void>((resolve) => (listAsked = resolve));
    page.on("request", (req) => {
      if (new URL(req.url()).pathname === "/api/conversations") listAsked();
    });
    // The inbox's code is held until the list has been asked for. An app that asks for the list only
    // from that code would never ask: the hold gives up after 10 s, and the check below fails.
    let listCameFirst: boolean | null = null;
    await page.route(/\/assets\/inbox-[\w-]+\.js$/, async (route) => {
      listCameFirst = await Promise.race([
        listRequested.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000)),
      ]);
      await route.continue();
    });

    await page.goto("/inbox");
    await row(page, customer.name).waitFor(LIVE);
    expect(listCameFirst).toBe(true);
    await context.close();
  });
});
