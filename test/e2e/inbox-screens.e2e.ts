/**
 * The inbox's main screens with a rich conversation (photo, location, order, contact card, button reply,
 * reply quote, reactions, a private note, a failed send with Meta's reason and Retry, an attachment,
 * saved replies, keyboard shortcuts), screenshotted light and dark, desktop and phone width.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "../../durable/protocol";
import { DEFAULT_MEDIA_BYTES, DEFAULT_MEDIA_ID, DEFAULT_MEDIA_MIME_TYPE, mediaSha256 } from "../peers/meta-media";
import type { InboundMessageInput } from "../peers/webhook-builders";
import { launch, peerUrl } from "./browser";
import {
  apiAs,
  bubbles,
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
const sofia = { waId: newCustomerNumber(), name: "Sofia Almeida" };
const rui = { waId: newCustomerNumber(), name: "Rui Tavares" };
let conversationId = "";
/** The CSP allows no inline style or script: any violation shows up as a console error. */
const cspViolations: string[] = [];

/** Message kinds the webhook builders do not model, in Meta's own shapes. */
const raw = (m: Record<string, unknown>) => m as unknown as InboundMessageInput;

beforeAll(async () => {
  browser = await launch();
  dana = await signIn(browser);
  dana.page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await customerWrites(rui.waId, rui.name, text("Is the shop open on Saturday?"));
  await customerWrites(sofia.waId, sofia.name, [
    text("Hi! I saw the blue teapot on your site, is it still available? https://example.com/teapot-blue"),
    {
      type: "image",
      image: { id: DEFAULT_MEDIA_ID, mime_type: DEFAULT_MEDIA_MIME_TYPE, sha256: mediaSha256(DEFAULT_MEDIA_BYTES), caption: "This one 😍" },
    },
    { type: "location", location: { latitude: 38.7139, longitude: -9.1334, name: "Rua Augusta 24", address: "1100-053 Lisboa" } },
    raw({
      type: "order",
      order: {
        catalog_id: "880011",
        text: "Gift wrap please",
        product_items: [
          { product_retailer_id: "TEAPOT-BLUE", quantity: 1, item_price: 34.5, currency: "EUR" },
          { product_retailer_id: "MUG-SET-2", quantity: 2, item_price: 12, currency: "EUR" },
        ],
      },
    }),
    raw({
      type: "contacts",
      contacts: [{ name: { formatted_name: "Inês Almeida", first_name: "Inês" }, phones: [{ phone: "+351 912 000 111", type: "CELL" }] }],
    }),
    { type: "button", button: { payload: "track", text: "Track my order" } },
  ]);
});

afterAll(async () => {
  await browser?.close();
});

describe("the inbox screens", () => {
  it("renders every kind of message in a conversation", async () => {
    await openConversation(dana.page, sofia.name);
    conversationId = decodeURIComponent(new URL(dana.page.url()).pathname.split("/")[2] ?? "");
    const chat = dana.page.locator(".chat");
    await chat.getByRole("link", { name: "https://example.com/teapot-blue" }).waitFor(LIVE);
    await chat.getByText("Open in OpenStreetMap").waitFor(LIVE);
    await chat.getByText("Inês Almeida").waitFor(LIVE);
    await chat.getByText("Track my order").waitFor(LIVE);
    // 34.50 + 2 × 12.00, from integer minor units.
    await chat.locator(".order tfoot").getByText("58.50").waitFor(LIVE);
    // The photo shows once the media job has stored it, and opens full size.
    await chat
      .getByRole("button", { name: /Open photo/ })
      .locator("img")
      .waitFor(LIVE);
    await chat.getByRole("button", { name: /Open photo/ }).click();
    const lightbox = dana.page.getByRole("dialog", { name: "This one 😍" });
    await lightbox.locator("img").waitFor(LIVE);
    await dana.page.keyboard.press("Escape");
    await expect.poll(() => lightbox.count()).toBe(0);
  });

  it("replies with a quote, gets the customer's reaction, writes a private note", async () => {
    const page = dana.page;
    const question = page.locator(".msg-in", { hasText: "is it still available" });
    await question.hover();
    await question.getByRole("button", { name: "Reply to this message" }).click();
    const composer = page.getByLabel("Message", { exact: true });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Message");
    await composer.fill("Yes! It ships tomorrow from Lisbon.");
    await composer.press("Enter");
    const reply = page.locator(".msg-out", { hasText: "It ships tomorrow" });
    await expect.poll(() => reply.getAttribute("data-status"), LIVE).toBe("read");
    await reply.locator(".quote").getByText("is it still available").waitFor(LIVE);

    // The customer reacts to the reply (a reaction names the message by its wamid).
    const { messages } = await apiAs<{ messages: Message[] }>(
      page,
      "GET",
      `/api/conversations/${encodeURIComponent(conversationId)}/messages`,
    );
    const wamid = messages.find((m) => m.content.type === "text" && m.content.body.startsWith("Yes! It ships"))?.wamid;
    expect(wamid).toBeTruthy();
    await customerWrites(sofia.waId, sofia.name, { type: "reaction", reaction: { message_id: wamid!, emoji: "🙏" } });
    await reply.locator(".reaction", { hasText: "🙏" }).waitFor(LIVE);

    await page.getByRole("button", { name: "Private note" }).click();
    await page.getByLabel("Private note").fill("VIP: offer free gift wrap on the next order.");
    await page.getByLabel("Private note").press("Enter");
    await page.locator(".msg-note", { hasText: "offer free gift wrap" }).waitFor(LIVE);
    await page.getByRole("button", { name: "Reply", exact: true }).click();
  });

  it("shows a failed send with Meta's reason, and Retry sends it", async () => {
    const page = dana.page;
    const fail = await fetch(`${peerUrl()}/__peer/fail`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        status: 400,
        code: 131026,
        message: "(#131026) Message undeliverable",
        details: "Unable to deliver message.",
        path: "/messages",
        times: 1,
      }),
    });
    expect(fail.ok).toBe(true);
    const composer = page.getByLabel("Message", { exact: true });
    await composer.fill("Here is the tracking link: https://example.com/track/8812");
    await composer.press("Enter");
    const failed = page.locator(".msg-out", { hasText: "tracking link" });
    await expect.poll(() => failed.getAttribute("data-status"), LIVE).toBe("failed");
    await failed.getByText(/Not delivered: .*deliver/).waitFor(LIVE);
    await shot(page, "inbox-failed-desktop-light");
    await failed.getByRole("button", { name: "Retry" }).click();
    await expect.poll(() => failed.getAttribute("data-status"), LIVE).toBe("read");
  });

  it("takes files by paste and by drop as well as by the picker", async () => {
    const page = dana.page;
    await page.getByLabel("Message", { exact: true }).evaluate((el) => {
      const data = new DataTransfer();
      data.items.add(new File(["%PDF-1.4"], "pasted-invoice.pdf", { type: "application/pdf" }));
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await page.locator(".attachment", { hasText: "pasted-invoice.pdf" }).waitFor(LIVE);
    await page.locator(".messages").evaluate((el) => {
      const data = new DataTransfer();
      data.items.add(new File(["hello"], "dropped-notes.txt", { type: "text/plain" }));
      for (const type of ["dragenter", "dragover", "drop"])
        el.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await page.locator(".attachment", { hasText: "dropped-notes.txt" }).waitFor(LIVE);
    await page.getByRole("button", { name: "Remove pasted-invoice.pdf" }).click();
    await page.getByRole("button", { name: "Remove dropped-notes.txt" }).click();
    await expect.poll(() => page.locator(".attachment").count()).toBe(0);
  });

  it("snoozes, closes and reopens, and marks as unread", async () => {
    const page = dana.page;
    await page.getByRole("button", { name: "Snooze", exact: true }).click();
    await page.getByRole("menuitem", { name: "1 hour" }).click();
    await page
      .locator(".chat-sub")
      .getByText(/Snoozed until/)
      .waitFor(LIVE);
    // Out of the Open list, into Snoozed.
    await expect.poll(() => row(page, sofia.name).count(), LIVE).toBe(0);
    await page.getByRole("button", { name: "Snoozed", exact: true }).click();
    await row(page, sofia.name).waitFor(LIVE);
    await page.getByRole("button", { name: "Snooze", exact: true }).click();
    await page.getByRole("menuitem", { name: "Unsnooze" }).click();
    await page.getByRole("button", { name: "Open", exact: true }).click();
    await row(page, sofia.name).waitFor(LIVE);

    await page.locator(".messages").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("e");
    await page.locator(".chat-sub .badge", { hasText: "Closed" }).waitFor(LIVE);
    await page.getByRole("button", { name: "Reopen" }).click();
    await expect.poll(() => page.locator(".chat-sub .badge", { hasText: "Closed" }).count(), LIVE).toBe(0);

    await page.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: "Mark as unread" }).click();
    await expect.poll(() => new URL(page.url()).pathname, LIVE).toBe("/inbox");
    await row(page, sofia.name).locator(".conv-unread").waitFor(LIVE);
    await openConversation(page, sofia.name);
  });

  it("sends an attachment and inserts a saved reply with /", async () => {
    const page = dana.page;
    await page
      .locator('.composer input[type="file"]')
      .setInputFiles({ name: "teapot-photo.png", mimeType: "image/png", buffer: Buffer.from(DEFAULT_MEDIA_BYTES) });
    await page.locator(".attachment", { hasText: "teapot-photo.png" }).waitFor(LIVE);
    const composer = page.getByLabel("Message", { exact: true });
    await composer.fill("The one in our shop window");
    await composer.press("Enter");
    await page.locator(".msg-out", { hasText: "The one in our shop window" }).locator("img").waitFor(LIVE);

    await apiAs(page, "POST", "/api/canned-responses", {
      shortcut: `ship${Date.now() % 1000}`,
      title: "Shipping times",
      body: "We ship within 24 hours from Lisbon, tracked.",
    }).catch(() => undefined);
    await composer.fill("");
    await composer.type("/ship");
    await page.getByRole("option", { name: /Shipping times/ }).waitFor(LIVE);
    await shot(page, "inbox-canned-desktop-light");
    await composer.press("Enter");
    await expect.poll(() => composer.inputValue()).toBe("We ship within 24 hours from Lisbon, tracked.");
    await composer.fill("");
  });

  it("assigns with a, filters by label, and shows the shortcuts with ?", async () => {
    const page = dana.page;
    await page.locator(".messages").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("a");
    await page.locator(".assign-btn", { hasText: "You" }).waitFor(LIVE);
    await apiAs(page, "PUT", `/api/conversations/${encodeURIComponent(conversationId)}/labels`, { labels: ["vip", "teapots"] });
    await page.locator(".chat-sub .label-badge", { hasText: "vip" }).waitFor(LIVE);
    await page.getByRole("button", { name: "Filter by label" }).click();
    await page.getByRole("menuitemradio", { name: "vip" }).click();
    await expect.poll(() => page.locator(".conv-row").count(), LIVE).toBe(1);
    await page.getByRole("button", { name: /^Label: vip/ }).click();
    await page.getByRole("menuitemradio", { name: "All labels" }).click();
    await row(page, rui.name).waitFor(LIVE);
    // j/k move through the list.
    await page.locator(".messages").click({ position: { x: 5, y: 5 } });
    const ids = await page.locator(".conv-row").evaluateAll((els) => els.map((e) => e.getAttribute("data-conversation-id") ?? ""));
    const at = ids.indexOf(conversationId);
    expect(at).toBeGreaterThanOrEqual(0);
    const step = at + 1 < ids.length ? 1 : -1;
    await page.keyboard.press(step === 1 ? "j" : "k");
    await expect.poll(() => decodeURIComponent(page.url()), LIVE).toContain(ids[at + step]!);
    await page.keyboard.press(step === 1 ? "k" : "j");
    await expect.poll(() => decodeURIComponent(page.url()), LIVE).toContain(conversationId);
    await page.locator(".messages").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor(LIVE);
    await shot(page, "inbox-shortcuts-desktop-light");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
  });

  it("looks right light and dark, on a desktop and a phone", async () => {
    const page = dana.page;
    const panel = page.getByRole("button", { name: "Contact details", exact: true });
    if ((await panel.getAttribute("aria-pressed")) !== "true") await panel.click();
    await page.locator(".contact-panel").getByText(`On WhatsApp: ${sofia.name}`).waitFor(LIVE);
    await bubbles(page, "It ships tomorrow").first().waitFor(LIVE);
    await shot(page, "inbox-desktop-contact-light");
    await page.emulateMedia({ colorScheme: "dark" });
    await shot(page, "inbox-desktop-contact-dark");
    await panel.click();
    await expect.poll(() => page.locator(".contact-panel").count()).toBe(0);
    await shot(page, "inbox-desktop-dark");
    await page.emulateMedia({ colorScheme: "light" });
    await shot(page, "inbox-desktop-light");

    for (const scheme of ["light", "dark"] as const) {
      const phone = await signIn(browser, { width: 390, colorScheme: scheme });
      await row(phone.page, sofia.name).waitFor(LIVE);
      await shot(phone.page, `inbox-phone-list-${scheme}`);
      await openConversation(phone.page, sofia.name);
      await bubbles(phone.page, "It ships tomorrow").first().waitFor(LIVE);
      await shot(phone.page, `inbox-phone-chat-${scheme}`);
      await phone.page.getByRole("button", { name: "Back to conversations" }).click();
      await row(phone.page, sofia.name).waitFor(LIVE);
      await phone.context.close();
    }
    expect(cspViolations).toEqual([]);
  });
});
