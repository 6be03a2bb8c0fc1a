/**
 * Erasing a customer in Chromium: an agent is not offered it; the owner erases from the contact page,
 * lands on Contacts, and the agent's inbox drops the conversation live; the API then knows neither.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch } from "./browser";
import { apiAs, customerWrites, inviteAgent, LIVE, newCustomerNumber, row, shot, signIn, text, type Agent } from "./inbox-helpers";

let browser: Browser;
let dana: Agent;
let luis: Agent;
const customer = { waId: newCustomerNumber(), name: `Erin Erase ${Date.now() % 100_000}` };

beforeAll(async () => {
  browser = await launch();
  dana = await signIn(browser);
  luis = await inviteAgent(browser, dana.page, "Luís Agent");
});

afterAll(async () => {
  await browser?.close();
});

describe("erasing a customer", () => {
  it("is for admins; the contact and conversation disappear for the whole team at once", async () => {
    await customerWrites(customer.waId, customer.name, text("Please delete everything you have about me."));
    await row(luis.page, customer.name).waitFor(LIVE);
    const { contacts } = await apiAs<{ contacts: { id: string }[] }>(
      dana.page,
      "GET",
      `/api/contacts?q=${encodeURIComponent(customer.name)}`,
    );
    const contactId = contacts[0]!.id;

    // The agent sees the contact but no way to erase it.
    const agentTab = await luis.context.newPage();
    await agentTab.goto(`/contacts/${contactId}`);
    await agentTab.getByLabel("Name", { exact: true }).waitFor();
    expect(await agentTab.getByRole("button", { name: "Erase customer…" }).count()).toBe(0);
    await agentTab.close();

    await dana.page.goto(`/contacts/${contactId}`);
    await dana.page.getByRole("button", { name: "Erase customer…" }).click();
    const dialog = dana.page.getByRole("dialog");
    await dialog.getByText("It cannot be undone.").waitFor();
    await shot(dana.page, "crm-erase-confirm");
    await dialog.getByRole("button", { name: "Erase everything" }).click();
    await dana.page.waitForURL(/\/contacts$/);
    await dana.page.getByText(`${customer.name} erased, with 1 message`).waitFor();

    // Live in the agent's inbox, without a reload.
    await row(luis.page, customer.name).waitFor({ state: "detached", timeout: LIVE.timeout });
    const after = await apiAs<{ contacts: unknown[] }>(dana.page, "GET", `/api/contacts?q=${encodeURIComponent(customer.name)}`);
    expect(after.contacts).toEqual([]);
  });
});
