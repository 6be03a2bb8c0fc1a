/**
 * Payment links in Chromium, against the local Stripe peer: the owner connects the org's Stripe account
 * through Stripe's onboarding and comes back to Settings; an agent sends a link for a confirmed order from
 * its dialog; the customer pays on Stripe's page; the open dialog, the Orders list and the conversation's
 * order card turn Paid without a reload.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, stripePeerUrl } from "./browser";
import { type Agent, apiAs, customerWrites, LIVE, newCustomerNumber, openConversation, shot, signIn } from "./inbox-helpers";

let browser: Browser;
let dana: Agent;
const stamp = Date.now() % 100_000;
const customer = { waId: newCustomerNumber(), name: `Paula Pays ${stamp}` };

beforeAll(async () => {
  browser = await launch();
  dana = await signIn(browser);
});

afterAll(async () => {
  await browser?.close();
});

async function connectStripe(page: Page): Promise<void> {
  await page.goto("/settings");
  const card = page.locator("section", { has: page.getByRole("heading", { name: "Payments" }) });
  const connect = card.getByRole("button", { name: /Connect Stripe|Finish setup on Stripe/ });
  // Another run on this stack may have connected it already: wait for the card to know, then look.
  await card.getByText(/Payment links go to|No Stripe account connected|is connected, but/).waitFor(LIVE);
  if (await card.getByText("Taking payments").isVisible()) return;
  await connect.click();
  await page.waitForURL(new RegExp(`^${stripePeerUrl()}/connect/`));
  await shot(page, "stripe-connect-onboarding");
  await page.getByRole("button", { name: "Agree and finish" }).click();
  await page.waitForURL(/\/settings$/);
  await card.getByText("Taking payments").waitFor(LIVE);
  await card.scrollIntoViewIfNeeded();
  await shot(page, "settings-payments-connected");
}

describe("payment links", () => {
  it("connects Stripe, sends a link for an order, and shows it paid live once the customer pays", async () => {
    const page = dana.page;
    await connectStripe(page);

    // A customer orders from the WhatsApp catalog (the window is open); the agent confirms the draft in the chat.
    await page.goto("/inbox");
    await customerWrites(customer.waId, customer.name, { type: "text", text: { body: "Can I pay by card?" } });
    await openConversation(page, customer.name);
    await customerWrites(customer.waId, customer.name, {
      type: "order",
      order: {
        catalog_id: "demo-catalog",
        text: "Two mugs please",
        product_items: [{ product_retailer_id: "SKU-MUG-BLUE", quantity: 2, item_price: 12.5, currency: "EUR" }],
      },
    });
    const strip = page.locator(".sales-order-strip");
    await expect.poll(() => strip.locator(".badge").first().textContent(), LIVE).toBe("Draft");
    await strip.getByRole("button", { name: "Confirm order" }).click();
    await expect.poll(() => strip.locator(".badge").first().textContent(), LIVE).toBe("Confirmed");
    const href = (await strip.getByRole("link").first().getAttribute("href"))!;
    const order = {
      id: new URL(href, "http://x").searchParams.get("order")!,
      number: Number((await strip.getByRole("link").first().textContent())!.replace("#", "")),
    };
    expect(order.id).toBeTruthy();

    // A second tab: the order's dialog on the Orders screen.
    const ordersTab = await dana.context.newPage();
    await ordersTab.goto(href);
    const dialog = ordersTab.getByRole("dialog", { name: `Order #${order.number}` });
    await dialog.getByRole("button", { name: "Send payment link" }).click();
    const payment = dialog.locator(".order-payment");
    await expect.poll(() => payment.locator(".badge").first().textContent(), LIVE).toBe("Waiting for payment");
    await shot(ordersTab, "order-payment-link-sent");

    // The link is in the chat, as the customer will read it.
    const { links } = await apiAs<{ links: { url: string }[] }>(page, "GET", `/api/orders/${order.id}/payment-links`);
    const url = links[0]!.url;
    await page.locator(".msg .msg-text", { hasText: url }).waitFor(LIVE);

    // Marks the tab: if Paid appeared only after a reload, the mark would be gone.
    await ordersTab.evaluate(() => Object.assign(window, { __stillThisPage: true }));
    const customerPage = await browser.newPage();
    await customerPage.goto(url);
    await customerPage.getByText("€25.00").first().waitFor();
    await customerPage.getByRole("button", { name: "Pay" }).click();
    await customerPage.getByText("Paid. Thank you!").waitFor();
    await customerPage.close();

    await expect.poll(() => payment.locator(".badge").first().textContent(), LIVE).toBe("Paid");
    await expect.poll(() => dialog.locator("p .badge").first().textContent(), LIVE).toBe("Paid");
    expect(await ordersTab.evaluate(() => (window as unknown as { __stillThisPage?: boolean }).__stillThisPage)).toBe(true);
    await shot(ordersTab, "order-payment-link-paid");
    // The same dialog dark and at phone width, to look at.
    await ordersTab.emulateMedia({ colorScheme: "dark" });
    await ordersTab.setViewportSize({ width: 390, height: 844 });
    await payment.scrollIntoViewIfNeeded();
    await shot(ordersTab, "order-payment-link-paid-dark-phone");
    // The conversation's order card too.
    await expect.poll(() => strip.locator(".badge").first().textContent(), LIVE).toBe("Paid");
    await ordersTab.close();
  });
});
