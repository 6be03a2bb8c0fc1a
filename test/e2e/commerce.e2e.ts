/**
 * Commerce in Chromium: a customer sends a WhatsApp catalog order, its draft shows live under the order in
 * the conversation, the agent confirms it there and finds it in Orders and in the contact's purchases; a
 * status move made in one tab shows live in another tab's Orders list; an agent creates an order from the
 * contact panel, and messages the customer from Due to reorder with a template whose values are filled.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch } from "./browser";
import { type Agent, apiAs, customerWrites, LIVE, newCustomerNumber, openConversation, shot, signIn } from "./inbox-helpers";

let browser: Browser;
let dana: Agent;
/** The same agent's second tab, on the Orders screen. */
let ordersTab: Page;
const stamp = Date.now() % 100_000;
const customer = { waId: newCustomerNumber(), name: `Olga Orders ${stamp}` };
let orderNumber = 0;

/** A row of the Orders list, by the order's number as shown ("#12"). */
const orderRow = (page: Page, n: number) =>
  page.locator(".orders-table tbody tr").filter({ has: page.getByRole("link", { name: `#${n}`, exact: true }) });

beforeAll(async () => {
  browser = await launch();
  dana = await signIn(browser);
  ordersTab = await dana.context.newPage();
  await ordersTab.goto("/orders");
  await ordersTab.locator(".commerce-totals").waitFor(LIVE);
});

afterAll(async () => {
  await browser?.close();
});

describe("commerce", () => {
  it("confirms a WhatsApp catalog order from the conversation's card and finds it in Orders", async () => {
    const page = dana.page;
    await customerWrites(customer.waId, customer.name, { type: "text", text: { body: "Hello, I'd like to order." } });
    await openConversation(page, customer.name);
    // The order arrives while the conversation is open: its draft must appear without a reload.
    await customerWrites(customer.waId, customer.name, {
      type: "order",
      order: {
        catalog_id: "demo-catalog",
        text: "Two mugs and a glaze, please",
        product_items: [
          { product_retailer_id: "SKU-MUG-BLUE", quantity: 2, item_price: 12.5, currency: "EUR" },
          { product_retailer_id: "SKU-GLAZE-01", quantity: 1, item_price: 8.99, currency: "EUR" },
        ],
      },
    });
    const strip = page.locator(".sales-order-strip");
    await strip.waitFor(LIVE);
    await expect.poll(() => strip.textContent(), LIVE).toContain("€33.99");
    await expect.poll(() => strip.locator(".badge").textContent(), LIVE).toBe("Draft");
    orderNumber = Number((await strip.getByRole("link").textContent())!.replace("#", ""));
    expect(orderNumber).toBeGreaterThan(0);
    // The card names the items as the catalog does, not by their retailer ids.
    const items = page.locator(".order-items").last();
    await expect.poll(() => items.textContent(), LIVE).toContain("Blue mug");
    expect(await items.textContent()).not.toContain("SKU-MUG-BLUE");
    await shot(page, "commerce-order-card");

    const revenueToday = async () => {
      const d = await apiAs<{ orders: { currency: string; series: { revenueMinor: number }[] }[] }>(page, "GET", "/api/dashboard");
      return d.orders.find((o) => o.currency === "EUR")?.series.at(-1)?.revenueMinor ?? 0;
    };
    const before = await revenueToday();
    await strip.getByRole("button", { name: "Confirm order" }).click();
    await expect.poll(() => strip.locator(".badge").textContent(), LIVE).toBe("Confirmed");
    await expect(strip.getByRole("button", { name: "Confirm order" }).count()).resolves.toBe(0);

    // The other tab's Orders list gained the confirmed order without a reload.
    const listed = orderRow(ordersTab, orderNumber);
    await expect.poll(() => listed.count(), LIVE).toBe(1);
    await expect.poll(() => listed.locator(".badge").textContent(), LIVE).toBe("Confirmed");
    expect(await listed.textContent()).toContain(customer.name);

    // The contact's purchases beside the chat count it (a confirmed order is a sale).
    const purchases = page.locator(".contact-commerce");
    if (!(await purchases.isVisible()))
      await page
        .getByRole("button", { name: /contact details/i })
        .first()
        .click();
    await expect.poll(() => purchases.getByRole("link", { name: `#${orderNumber}` }).count(), LIVE).toBe(1);
    await expect.poll(() => purchases.locator("dd").first().textContent(), LIVE).toBe("€33.99");

    const { orders } = await apiAs<{ orders: { number: number; status: string; source: string; totalMinor: number }[] }>(
      page,
      "GET",
      `/api/orders?status=confirmed&limit=50`,
    );
    expect(orders.find((o) => o.number === orderNumber)).toMatchObject({ source: "whatsapp", totalMinor: 3399 });

    // And on the dashboard: today's revenue grew by the order's total.
    await page.goto("/dashboard");
    const revenue = page.locator(".dash-card").filter({ has: page.getByRole("heading", { name: "Revenue (EUR)" }) });
    await revenue.locator("summary").click();
    const today = new Date().toISOString().slice(0, 10);
    const expected = new Intl.NumberFormat("en-US", { style: "currency", currency: "EUR" }).format((before + 3399) / 100);
    await expect.poll(() => revenue.locator("tr", { hasText: today }).locator("td").last().textContent(), LIVE).toBe(expected);
  });

  it("shows a status move made in one tab live in the other tab's Orders list", async () => {
    const page = dana.page;
    await page.goto("/orders");
    await orderRow(page, orderNumber).getByRole("link").click();
    const dialog = page.getByRole("dialog", { name: `Order #${orderNumber}` });
    await dialog.getByRole("button", { name: "Mark paid" }).click();
    await expect.poll(() => dialog.locator(".badge").first().textContent(), LIVE).toBe("Paid");
    await shot(page, "commerce-order-detail");

    const listed = orderRow(ordersTab, orderNumber);
    await expect.poll(() => listed.locator(".badge").textContent(), LIVE).toBe("Paid");
    // Filtering by the new status keeps it; the old one drops it.
    await ordersTab.getByLabel("Status").selectOption("confirmed");
    await expect.poll(() => orderRow(ordersTab, orderNumber).count(), LIVE).toBe(0);
    await ordersTab.getByLabel("Status").selectOption("paid");
    await expect.poll(() => orderRow(ordersTab, orderNumber).count(), LIVE).toBe(1);
    await shot(ordersTab, "commerce-orders");
  });

  it("creates an order from the contact panel, then messages the customer from Due to reorder with a filled template", async () => {
    const page = dana.page;
    await page.goto("/inbox");
    await openConversation(page, customer.name);
    const purchases = page.locator(".contact-commerce");
    if (!(await purchases.isVisible()))
      await page
        .getByRole("button", { name: /contact details/i })
        .first()
        .click();
    await purchases.getByRole("button", { name: "New order" }).click();
    const dialog = page.getByRole("dialog", { name: "New order" });
    await dialog.getByLabel("Add a product").fill("clay");
    await dialog.getByRole("button", { name: /Stoneware clay 5 kg/ }).click();
    await dialog.getByLabel("Quantity of Stoneware clay 5 kg").fill("2");
    // Totals follow as the agent types, computed as the server will.
    await expect.poll(() => dialog.getByTestId("order-total").textContent(), LIVE).toBe("€44.00");
    await dialog.getByRole("button", { name: "Create order" }).click();
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => purchases.locator("dd").first().textContent(), LIVE).toBe("€77.99");

    // Clay has a 21-day cycle: the customer is upcoming in Due to reorder, with the reason.
    await page.goto("/reorders");
    await page.getByRole("button", { name: "All upcoming" }).click();
    const due = page.locator(".reorders-table tbody tr", { hasText: customer.name }).filter({ hasText: "Stoneware clay 5 kg" });
    await expect.poll(() => due.count(), LIVE).toBe(1);
    expect(await due.textContent()).toContain("product's usual interval");
    await due.getByRole("button", { name: "Message with template" }).click();
    const choose = page.getByRole("dialog", { name: /^Message Olga Orders/ });
    const reminder = choose.locator("li", { hasText: "reorder_reminder" });
    expect(await reminder.locator(".template-preview").textContent()).toBe(
      "Hi Olga, running low on Stoneware clay 5 kg? Reply YES and we will send the usual.",
    );
    await shot(page, "commerce-reorder-template");
    await reminder.getByRole("button", { name: "Send" }).click();
    await choose.waitFor({ state: "detached" });

    // Meta accepted it with both values (it refuses a template missing one): delivered, not failed.
    await page.goto("/inbox");
    await openConversation(page, customer.name);
    const sent = page.locator(".msg", { hasText: "running low on Stoneware clay 5 kg" });
    await sent.waitFor(LIVE);
    await expect.poll(() => sent.getAttribute("data-status"), LIVE).toMatch(/^(sent|delivered|read)$/);
  });
});
