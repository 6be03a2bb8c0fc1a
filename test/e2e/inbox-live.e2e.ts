/**
 * Two agents of one org, live: a customer's message reaches both inboxes; one replies, the other sees the
 * reply and its ticks move to read; typing shows; a forced socket drop (with a reply written offline)
 * and a dev server restart are recovered without a reload: new messages arrive, none twice.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, restartServer } from "./browser";
import {
  bubbles,
  connection,
  customerWrites,
  dropSockets,
  inviteAgent,
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
let luis: Agent;
const customer = { waId: newCustomerNumber(), name: `Marta Live ${Date.now() % 10_000}` };
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launch();
  dana = await signIn(browser);
  luis = await inviteAgent(browser, dana.page, "Luís Agent");
  for (const a of [dana, luis]) {
    a.page.on("pageerror", (e) => pageErrors.push(e.message));
    // A reload would clear this; every check below expects it still set.
    await a.page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  }
});

afterAll(async () => {
  await browser?.close();
});

const notReloaded = (a: Agent) => a.page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);

describe("the live inbox with two agents", () => {
  it("shows a customer's new message in both agents' lists, live", async () => {
    for (const a of [dana, luis]) await expect.poll(() => connection(a.page), LIVE).toBe("live");
    await customerWrites(customer.waId, customer.name, text("Olá! Do you have the blue teapot?"));
    for (const a of [dana, luis]) {
      await row(a.page, customer.name).waitFor(LIVE);
      await expect.poll(() => row(a.page, customer.name).locator(".conv-unread").textContent(), LIVE).toBe("1");
    }
  });

  it("delivers one agent's reply to the other live, with ticks moving to read, and shows who is typing", async () => {
    await openConversation(dana.page, customer.name);
    await openConversation(luis.page, customer.name);
    await bubbles(luis.page, "Olá! Do you have the blue teapot?").waitFor(LIVE);

    // Dana starts writing: Luís sees it before she sends.
    const composer = dana.page.getByLabel("Message", { exact: true });
    await composer.fill("Yes, we do");
    await composer.press("End");
    // Luís's room socket may still be opening when the first typing frame goes (it is not replayed), so
    // keep typing, as a person would: the frame repeats every few seconds while she types.
    await expect
      .poll(async () => {
        await composer.type("!");
        return luis.page.getByText("Dana Demo is replying…").count();
      }, LIVE)
      .toBeGreaterThan(0);

    await composer.fill("Yes, we have it in stock. Shall I reserve one?");
    await composer.press("Enter");
    await expect.poll(() => composer.inputValue()).toBe("");

    const sent = (page: typeof dana.page) => page.locator(".msg-out", { hasText: "Yes, we have it in stock" });
    await sent(luis.page).waitFor(LIVE);
    // The local Meta peer posts sent, delivered and read status webhooks after the send.
    for (const a of [dana, luis]) await expect.poll(() => sent(a.page).getAttribute("data-status"), LIVE).toBe("read");
    expect(await sent(luis.page).count()).toBe(1);
    expect(await sent(dana.page).count()).toBe(1);
    await expect.poll(() => luis.page.getByText("Dana Demo is replying…").count(), LIVE).toBe(0);
    await shot(dana.page, "inbox-live-desktop-light");
  });

  it("recovers from a forced socket drop without a reload: missed messages arrive once, and a reply written offline is sent", async () => {
    await dana.context.setOffline(true);
    expect(await dropSockets(dana.page)).toBeGreaterThan(0);
    await expect.poll(() => connection(dana.page), LIVE).not.toBe("live");

    // Written while Dana is offline: two customer messages, and Dana's own reply (into the outbox).
    await customerWrites(customer.waId, customer.name, [text("Missed one"), text("Missed two")]);
    const composer = dana.page.getByLabel("Message", { exact: true });
    await composer.fill("Written while offline");
    await composer.press("Enter");
    await dana.page.getByText("You're offline.", { exact: false }).waitFor(LIVE);
    await shot(dana.page, "inbox-offline-desktop-light");

    await dana.context.setOffline(false);
    await expect.poll(() => connection(dana.page), LIVE).toBe("live");
    for (const a of [dana, luis]) {
      for (const body of ["Missed one", "Missed two", "Written while offline"])
        await expect.poll(() => bubbles(a.page, body).count(), LIVE).toBe(1);
    }
    // In order, once each.
    const texts = await dana.page.locator(".msg .msg-text").allTextContents();
    const order = ["Missed one", "Missed two"].map((b) => texts.indexOf(b));
    expect(order[0]).toBeLessThan(order[1]!);
    await expect
      .poll(() => dana.page.locator(".msg-out", { hasText: "Written while offline" }).getAttribute("data-status"), LIVE)
      .toBe("read");

    // Sockets dropped without going offline resume too.
    await dropSockets(luis.page);
    await customerWrites(customer.waId, customer.name, text("After the drop"));
    for (const a of [dana, luis]) await expect.poll(() => bubbles(a.page, "After the drop").count(), LIVE).toBe(1);
    expect(await notReloaded(dana)).toBe(true);
    expect(await notReloaded(luis)).toBe(true);
  });

  it("recovers from a dev server restart without a reload", async () => {
    await restartServer();
    // A customer writes once the server is back; both agents catch up on their own.
    await customerWrites(customer.waId, customer.name, text("Hello after the restart"));
    for (const a of [dana, luis]) {
      await expect.poll(() => connection(a.page), LIVE).toBe("live");
      await expect.poll(() => bubbles(a.page, "Hello after the restart").count(), LIVE).toBe(1);
      expect(await bubbles(a.page, "Missed one").count()).toBe(1);
      expect(await notReloaded(a)).toBe(true);
    }
    // And sending still works end to end.
    const composer = luis.page.getByLabel("Message", { exact: true });
    await composer.fill("Reserved for you, Marta.");
    await composer.press("Enter");
    await expect.poll(() => dana.page.locator(".msg-out", { hasText: "Reserved for you" }).getAttribute("data-status"), LIVE).toBe("read");
    expect(await dana.page.locator(".msg-out", { hasText: "Reserved for you" }).count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
