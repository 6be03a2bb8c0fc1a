/**
 * Saved replies (canned responses): an admin adds, edits and deletes them on their screen; an agent
 * sees them there without the controls, and inserts the admin's new one in the composer with `/`.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch } from "./browser";
import {
  customerWrites,
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
let nuno: Agent;
const shortcut = `gift${Date.now() % 100_000}`;

beforeAll(async () => {
  browser = await launch();
  dana = await signIn(browser);
  nuno = await inviteAgent(browser, dana.page, "Nuno Agent", { width: 390 });
});

afterAll(async () => {
  await browser?.close();
});

const entry = (agent: Agent, name: string) => agent.page.locator(".canned-entry", { hasText: `/${name}` });

describe("saved replies", () => {
  it("an admin adds, edits and deletes one; a clash shows the server's message", async () => {
    const page = dana.page;
    await page.getByRole("link", { name: "Saved replies" }).first().click();
    await page.getByRole("heading", { name: "Add a saved reply" }).waitFor(LIVE);
    // The demo's own ones are there (scripts/lib/demo-seed.ts).
    await entry(dana, "hours").waitFor(LIVE);

    const form = page.locator(".canned-form").first();
    await form.getByLabel("Shortcut").fill(`/${shortcut}`);
    await form.getByLabel("Title").fill("Gift wrapping");
    await form.getByLabel("Text").fill("We gift-wrap any order for free: just say so here.");
    await form.getByRole("button", { name: "Add saved reply" }).click();
    await entry(dana, shortcut).waitFor(LIVE);
    expect(await form.getByLabel("Shortcut").inputValue()).toBe("");

    // The same shortcut again: refused by the server, with its message, and nothing added.
    await form.getByLabel("Shortcut").fill(shortcut);
    await form.getByLabel("Title").fill("Again");
    await form.getByLabel("Text").fill("Duplicate");
    await form.getByRole("button", { name: "Add saved reply" }).click();
    await form.getByText(`/${shortcut} is already a canned response.`).waitFor(LIVE);
    expect(await entry(dana, shortcut).count()).toBe(1);
    // A bad shortcut is caught in the form by the Worker's own schema.
    await form.getByLabel("Shortcut").fill("Gift Wrap");
    await form.getByRole("button", { name: "Add saved reply" }).click();
    await form.getByText("Shortcuts are lower-case letters").waitFor(LIVE);

    await page.getByRole("button", { name: `Edit /${shortcut}` }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Text").fill("We gift-wrap any order for free, with a handwritten card.");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect
      .poll(() => entry(dana, shortcut).locator(".canned-entry-body").textContent(), LIVE)
      .toBe("We gift-wrap any order for free, with a handwritten card.");
    await shot(page, "saved-replies-desktop-light");

    await page.getByRole("button", { name: "Delete /returns" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete saved reply" }).click();
    await expect.poll(() => entry(dana, "returns").count(), LIVE).toBe(0);
    await page.reload();
    await entry(dana, shortcut).waitFor(LIVE);
    expect(await entry(dana, "returns").count()).toBe(0);
  });

  it("an agent sees them without the controls, and inserts the new one with /", async () => {
    const page = nuno.page;
    await page.goto("/saved-replies");
    await entry(nuno, shortcut).waitFor(LIVE);
    expect(await page.getByRole("heading", { name: "Add a saved reply" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: `Edit /${shortcut}` }).count()).toBe(0);
    expect(await page.getByRole("button", { name: `Delete /${shortcut}` }).count()).toBe(0);
    await shot(page, "saved-replies-agent-phone-light");

    const customer = { waId: newCustomerNumber(), name: `Rita Gift ${Date.now() % 10_000}` };
    await customerWrites(customer.waId, customer.name, text("Can you wrap it as a present?"));
    await page.goto("/inbox");
    await row(page, customer.name).waitFor(LIVE);
    await openConversation(page, customer.name);
    const composer = page.getByLabel("Message", { exact: true });
    await composer.type(`/${shortcut.slice(0, 4)}`);
    await page.getByRole("option", { name: /Gift wrapping/ }).click();
    await expect.poll(() => composer.inputValue()).toBe("We gift-wrap any order for free, with a handwritten card.");
  });

  it("looks right dark, and on a phone", async () => {
    const dark = await signIn(browser, { colorScheme: "dark" });
    await dark.page.goto("/saved-replies");
    await entry(dark, shortcut).waitFor(LIVE);
    await shot(dark.page, "saved-replies-desktop-dark");
    await dark.context.close();
    const phone = await signIn(browser, { width: 390 });
    await phone.page.goto("/saved-replies");
    await entry(phone, shortcut).waitFor(LIVE);
    await shot(phone.page, "saved-replies-admin-phone-light");
    await phone.context.close();
  });
});
