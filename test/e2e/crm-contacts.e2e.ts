/**
 * Contacts in Chromium: an admin defines a custom field, one agent fills it from the inbox's contact
 * panel and the other sees it live on the contact page; the list filters by it; a segment is saved; the
 * stage board moves a contact and its column counts follow.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch } from "./browser";
import {
  apiAs,
  customerWrites,
  inviteAgent,
  LIVE,
  newCustomerNumber,
  openConversation,
  shot,
  signIn,
  text,
  type Agent,
} from "./inbox-helpers";

let browser: Browser;
let dana: Agent;
let luis: Agent;
const stamp = Date.now() % 100_000;
const customer = { waId: newCustomerNumber(), name: `Rita CRM ${stamp}` };
const fieldKey = `tier_${stamp}`;
let contactId = "";

beforeAll(async () => {
  browser = await launch();
  dana = await signIn(browser);
  luis = await inviteAgent(browser, dana.page, "Luís Agent");
  await customerWrites(customer.waId, customer.name, text("Olá, I'd like to order again."));
  await apiAs(dana.page, "POST", "/api/custom-fields", {
    key: fieldKey,
    label: `Tier ${stamp}`,
    type: "select",
    options: ["gold", "silver"],
  });
  const { contacts } = await apiAs<{ contacts: { id: string }[] }>(
    dana.page,
    "GET",
    `/api/contacts?q=${encodeURIComponent(customer.name)}`,
  );
  contactId = contacts[0]!.id;
});

afterAll(async () => {
  await browser?.close();
});

describe("contacts", () => {
  it("fills a custom field from the inbox panel and another agent sees it live", async () => {
    await luis.page.goto(`/contacts/${contactId}`);
    const luisField = luis.page.getByLabel(`Tier ${stamp}`);
    await luisField.waitFor(LIVE);
    await openConversation(dana.page, customer.name);
    const panelField = dana.page.locator(".contact-panel").getByLabel(`Tier ${stamp}`);
    if (!(await panelField.isVisible()))
      await dana.page
        .getByRole("button", { name: /contact details/i })
        .first()
        .click();
    await panelField.selectOption("gold");
    await expect.poll(() => luisField.inputValue(), LIVE).toBe("gold");
    await shot(luis.page, "crm-contact-page");
  });

  it("filters the list by the custom field and saves it as a segment", async () => {
    const page = dana.page;
    await page.goto("/contacts");
    // The windowed list places each row below the one before (the demo org has several contacts).
    const rows = page.locator(".crm-scroll .crm-row");
    await expect.poll(() => rows.count(), LIVE).toBeGreaterThan(1);
    const [a, b] = [await rows.nth(0).boundingBox(), await rows.nth(1).boundingBox()];
    expect(b!.y - a!.y).toBeGreaterThanOrEqual(50);
    await page.getByRole("button", { name: /^Filters/ }).click();
    await page.getByRole("button", { name: "Condition" }).first().click();
    await page.getByLabel("Field").selectOption(`custom.${fieldKey}`);
    await page.getByLabel("Value").selectOption("gold");
    await expect.poll(() => page.locator(".crm-scroll .crm-row").count(), LIVE).toBe(1);
    await expect.poll(() => page.locator(".crm-scroll .crm-name").first().textContent(), LIVE).toContain(customer.name);
    page.once("dialog", (d) => void d.accept(`Gold ${stamp}`));
    await page.getByRole("button", { name: "Save as segment" }).click();
    await expect
      .poll(
        () =>
          page
            .getByLabel("Segment")
            .locator("option", { hasText: `Gold ${stamp} (1)` })
            .count(),
        LIVE,
      )
      .toBe(1);
    await shot(page, "crm-contacts-list");
  });

  it("moves the contact on the stage board and the counts follow", async () => {
    const page = dana.page;
    await page.goto("/contacts/board");
    const qualified = page.getByTestId("count-qualified");
    await qualified.waitFor(LIVE);
    const before = Number(await qualified.textContent());
    await page.getByLabel(`Move ${customer.name} to stage`).selectOption("qualified");
    await expect.poll(async () => Number(await qualified.textContent()), LIVE).toBe(before + 1);
    const { contact } = await apiAs<{ contact: { stage: string } }>(page, "GET", `/api/contacts/${contactId}`);
    expect(contact.stage).toBe("qualified");
    await shot(page, "crm-board");
  });
});
