/**
 * Two promises the inbox keeps: outside the 24-hour window the composer says so before anyone types and
 * offers templates (and a template goes out); and what customers write is shown as text, never as markup.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch } from "./browser";
import { customerWrites, LIVE, newCustomerNumber, openConversation, row, shot, signIn, text, type Agent } from "./inbox-helpers";

let browser: Browser;
let dana: Agent;
const dialogs: string[] = [];

beforeAll(async () => {
  browser = await launch();
  dana = await signIn(browser);
  dana.page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});

afterAll(async () => {
  await browser?.close();
});

describe("the composer outside the 24-hour window", () => {
  it("says the window closed before the agent types, and sends an approved template with its parameters", async () => {
    const customer = { waId: newCustomerNumber(), name: "Tomás Old Window" };
    // The customer last wrote 26 hours ago.
    await customerWrites(customer.waId, customer.name, text("Do you restock the green mugs?", Date.now() - 26 * 3600_000));
    const page = dana.page;
    // Its last message is 26 hours old: in an inbox as busy as the shared test org's it sorts past the
    // first page, so find it as an agent would, by name.
    const search = page.getByLabel("Search by name or phone");
    await search.fill("Old Window");
    await row(page, customer.name).waitFor(LIVE);
    await openConversation(page, customer.name);

    const notice = page.locator(".window-closed");
    await notice.getByText("The 24-hour window closed").waitFor(LIVE);
    expect(await page.getByLabel("Message", { exact: true }).count()).toBe(0);
    await shot(page, "inbox-window-closed-desktop-light");

    await notice.getByRole("button", { name: "Send a template" }).click();
    const picker = page.getByRole("dialog", { name: "Send a template" });
    await picker.waitFor(LIVE);
    await picker.getByRole("button", { name: "Sync from Meta" }).click();
    await picker.getByRole("button", { name: /order_confirmation.*English/ }).click();
    await picker.getByLabel("{{1}}").fill("Tomás");
    await picker.getByLabel("{{2}}").fill("#4471");
    await picker.getByLabel("{{3}}").fill("Friday");
    await picker.locator(".tpl-preview").getByText("Hi Tomás, thanks for your order #4471. It ships by Friday.").waitFor(LIVE);
    await shot(page, "inbox-template-picker-desktop-light");
    await picker.getByRole("button", { name: "Send template" }).click();

    const sent = page.locator(".msg-out", { hasText: "Hi Tomás, thanks for your order #4471" });
    await expect.poll(() => sent.getAttribute("data-status"), LIVE).toBe("read");
    expect(await sent.count()).toBe(1);
    // Still templates only until the customer writes again.
    expect(await notice.count()).toBe(1);

    // The customer answers: the window opens and the text box is back.
    await customerWrites(customer.waId, customer.name, text("Great, thanks!"));
    await page.getByLabel("Message", { exact: true }).waitFor(LIVE);
    await search.fill("");
  });
});

describe("what customers write", () => {
  it("shows markup in a profile name and a message as text, and links only http(s) URLs", async () => {
    const name = `<img src=x onerror=alert("name")>Eve`;
    const body = `<script>alert("body")</script><b>bold?</b> <img src=x onerror=alert(1)> javascript:alert(2) see https://example.com/a?q=<svg/onload=alert(3)>`;
    await customerWrites(newCustomerNumber(), name, text(body));
    const page = dana.page;
    const listRow = page.locator(".conv-row", { hasText: `<img src=x onerror=alert("name")>Eve` });
    await listRow.waitFor(LIVE);
    await listRow.click();
    const bubble = page.locator(".msg-in .msg-text").last();
    await expect.poll(() => bubble.textContent(), LIVE).toBe(body);
    await expect.poll(() => page.locator(".chat-name").textContent(), LIVE).toBe(name);

    // Nothing of it became markup: no <b>, <img>, <script> or <svg> inside the bubble or the list.
    expect(await bubble.locator("b, img, script, svg").count()).toBe(0);
    expect(await listRow.locator("img, script").count()).toBe(0);
    // The one link is the https URL, opened safely; javascript: stayed text.
    const links = bubble.locator("a");
    expect(await links.count()).toBe(1);
    expect(await links.first().getAttribute("href")).toMatch(/^https:\/\/example\.com\/a\?q=/);
    expect(await links.first().getAttribute("rel")).toBe("noopener noreferrer");
    expect(await links.first().getAttribute("target")).toBe("_blank");
    expect(dialogs).toEqual([]);
    await shot(page, "inbox-xss-desktop-light");
  });
});
