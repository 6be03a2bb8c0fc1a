/**
 * Editing an order in Chromium: a draft's discount, tax and shipping (totals as the server computes them;
 * a malformed amount cannot be saved), then the delivery address and notes, which stay editable after the
 * order is confirmed while its amounts do not.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch } from "./browser";
import { type Agent, apiAs, customerWrites, LIVE, newCustomerNumber, shot, signIn } from "./inbox-helpers";

let browser: Browser;
let dana: Agent;
const customer = { waId: newCustomerNumber(), name: `Edna Edits ${Date.now() % 100_000}` };

beforeAll(async () => {
  browser = await launch();
  dana = await signIn(browser);
});

afterAll(async () => {
  await browser?.close();
});

interface OrderOut {
  id: string;
  number: number;
  status: string;
  discountMinor: number;
  taxRateBps: number;
  shippingMinor: number;
  totalMinor: number;
  deliveryAddress: Record<string, string> | null;
  notes: string | null;
}

describe("editing an order", () => {
  it("changes a draft's amounts, then its delivery and notes, which stay editable once confirmed", async () => {
    const page = dana.page;
    await customerWrites(customer.waId, customer.name, { type: "text", text: { body: "I'd like two mugs." } });
    let contactId: string | undefined;
    await expect
      .poll(async () => {
        const { conversations } = await apiAs<{ conversations: { contact: { id: string; waId: string | null } }[] }>(
          page,
          "GET",
          `/api/conversations?q=${encodeURIComponent(customer.name)}`,
        );
        contactId = conversations.find((c) => c.contact.waId === customer.waId)?.contact.id;
        return contactId;
      }, LIVE)
      .toBeTruthy();
    const { order } = await apiAs<{ order: OrderOut }>(page, "POST", "/api/orders", {
      contactId,
      currency: "EUR",
      lines: [{ name: "Glazed bowl", quantity: 2, unitPriceMinor: 1800 }],
    });
    const read = async () => (await apiAs<{ order: OrderOut }>(page, "GET", `/api/orders/${order.id}`)).order;

    await page.goto(`/orders?order=${order.id}`);
    const dialog = page.getByRole("dialog", { name: `Order #${order.number}` });
    await dialog.getByRole("button", { name: "Edit order" }).click();
    await dialog.getByLabel("Discount (EUR)").fill("abc");
    await dialog.getByText("Amounts are numbers").waitFor();
    expect(await dialog.getByRole("button", { name: "Save changes" }).isDisabled()).toBe(true);
    await dialog.getByLabel("Discount (EUR)").fill("6");
    await dialog.getByLabel("Tax %").fill("23");
    await dialog.getByLabel("Shipping (EUR)").fill("4.50");
    // (36.00 − 6.00) × 1.23 + 4.50 = 41.40, shown before saving as the server will compute it.
    await expect.poll(() => dialog.getByTestId("edit-order-total").textContent(), LIVE).toBe("€41.40");
    await shot(page, "order-edit-amounts");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await dialog.getByText("Tax (23%)").waitFor(LIVE);
    expect(await read()).toMatchObject({ discountMinor: 600, taxRateBps: 2300, shippingMinor: 450, totalMinor: 4140 });

    await dialog.getByRole("button", { name: "Edit delivery and notes" }).click();
    const form = dialog.getByRole("form", { name: "Delivery and notes" });
    await form.getByLabel("Recipient").fill(customer.name);
    await form.getByLabel("Address", { exact: true }).fill("Rua das Flores 12");
    await form.getByLabel("Postal code").fill("1200-195");
    await form.getByLabel("City").fill("Lisboa");
    await form.getByLabel("Country").fill("Portugal");
    await form.getByLabel("Notes").fill("Ring twice.");
    await shot(page, "order-edit-delivery");
    await form.getByRole("button", { name: "Save delivery" }).click();
    await dialog.getByText("Rua das Flores 12, 1200-195 Lisboa, Portugal").waitFor(LIVE);
    expect(await read()).toMatchObject({
      deliveryAddress: { name: customer.name, line1: "Rua das Flores 12", postalCode: "1200-195", city: "Lisboa", country: "Portugal" },
      notes: "Ring twice.",
    });

    // Confirmed: the amounts are locked, the delivery is not.
    await dialog.getByRole("button", { name: "Mark confirmed" }).click();
    await expect.poll(() => dialog.locator("p .badge").first().textContent(), LIVE).toBe("Confirmed");
    expect(await dialog.getByRole("button", { name: "Edit order" }).count()).toBe(0);
    await dialog.getByRole("button", { name: "Edit delivery and notes" }).click();
    await form.getByLabel("City").fill("Porto");
    await form.getByRole("button", { name: "Save delivery" }).click();
    await dialog.getByText("1200-195 Porto").waitFor(LIVE);
    expect((await read()).deliveryAddress?.city).toBe("Porto");

    await page.emulateMedia({ colorScheme: "dark" });
    await page.setViewportSize({ width: 390, height: 844 });
    await dialog.getByText("1200-195 Porto").scrollIntoViewIfNeeded();
    await shot(page, "order-edit-dark-phone");
  });
});
