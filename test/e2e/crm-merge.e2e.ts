/**
 * Duplicates and merge in Chromium: a customer who wrote in on WhatsApp and the same customer added by
 * hand (name and email, no number) show as a pair; the owner reviews it, keeps the hand-made contact,
 * and picks the WhatsApp notes. An agent edits the kept contact meanwhile: the merge is refused with
 * the reason and the pair reloads; merged again, the survivor has the number and the conversation, and
 * a reply from the inbox goes to that number.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, peerUrl } from "./browser";
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
const customer = { waId: newCustomerNumber(), name: `Marta Merge ${stamp}` };
const email = `marta${stamp}@example.com`;
let whatsappId = "";
let handMadeId = "";

type Sent = { body: { to?: string; text?: { body?: string } } };

beforeAll(async () => {
  browser = await launch();
  dana = await signIn(browser);
  luis = await inviteAgent(browser, dana.page, "Luís Agent");
  await customerWrites(customer.waId, customer.name, text("Hello, is my order ready?"));
  const { contacts } = await apiAs<{ contacts: { id: string }[] }>(
    dana.page,
    "GET",
    `/api/contacts?q=${encodeURIComponent(customer.name)}`,
  );
  whatsappId = contacts[0]!.id;
  await apiAs(dana.page, "PATCH", `/api/contacts/${whatsappId}`, { notes: "Asked about her order on WhatsApp" });
  const made = await apiAs<{ contact: { id: string } }>(dana.page, "POST", "/api/contacts", { email, displayName: customer.name });
  handMadeId = made.contact.id;
  await apiAs(dana.page, "PATCH", `/api/contacts/${handMadeId}`, { notes: "Met at the Lisbon fair" });
});

afterAll(async () => {
  await browser?.close();
});

describe("duplicates and merge", () => {
  it("merges the pair into the contact chosen, refusing over another agent's edit, and a reply reaches the survivor", async () => {
    const page = dana.page;
    await page.goto("/contacts/duplicates");
    const pair = page.locator(".dup-pair", { hasText: customer.name });
    await pair.first().waitFor(LIVE);
    expect(await pair.count()).toBe(1);
    expect(await pair.locator(".badge").textContent()).toBe("Same name, similar number");
    await shot(page, "crm-duplicates");
    await pair.getByRole("link", { name: "Review and merge" }).click();
    await page.waitForURL(/\/contacts\/merge\?/);

    // The WhatsApp contact is older, so it is offered as the one to keep: keep the hand-made one instead.
    const heading = page.locator(".merge-card h2");
    await heading.waitFor(LIVE);
    await page.getByRole("button", { name: "Keep the other one instead" }).click();
    const notes = page.getByRole("radiogroup", { name: "Notes" });
    // The kept side comes first: now the hand-made contact's notes.
    await expect.poll(() => notes.locator("label").first().textContent(), LIVE).toBe("Met at the Lisbon fair");
    await notes.getByLabel("Asked about her order on WhatsApp").check();
    await shot(page, "crm-merge");

    // Luís edits the kept contact after Dana opened the pair: her merge must not overwrite it.
    await apiAs(luis.page, "PATCH", `/api/contacts/${handMadeId}`, { tags: ["fair"] });
    await page.getByRole("button", { name: "Merge", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Merge" }).click();
    const warning = page.locator(".merge-card .alert-warning");
    await warning.waitFor(LIVE);
    expect(await warning.textContent()).toContain("was edited by someone else meanwhile, so nothing was merged");
    // …and by then the pair shows what it holds now (Luís's tag), not what Dana first saw.
    expect(await page.locator(".merge-card").textContent()).toContain("Tags (fair)");
    await shot(page, "crm-merge-changed");
    // The same screen in dark and at a phone's width.
    await page.emulateMedia({ colorScheme: "dark" });
    await shot(page, "crm-merge-changed-dark");
    const size = page.viewportSize();
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, "crm-merge-changed-phone");
    await page.emulateMedia({ colorScheme: "light" });
    if (size) await page.setViewportSize(size);
    const both = await apiAs<{ contacts: { id: string }[] }>(page, "GET", `/api/contacts?q=${encodeURIComponent(customer.name)}`);
    expect(both.contacts.map((c) => c.id).sort()).toEqual([whatsappId, handMadeId].sort());

    // Merged again (the choice kept), the survivor is the hand-made contact with everything.
    await page.getByRole("button", { name: "Merge", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Merge" }).click();
    await page.waitForURL(new RegExp(`/contacts/${handMadeId}$`), LIVE);
    const { contact } = await apiAs<{ contact: { waId: string; email: string; notes: string; tags: string[]; conversationCount: number } }>(
      page,
      "GET",
      `/api/contacts/${handMadeId}`,
    );
    expect(contact).toMatchObject({
      waId: customer.waId,
      email,
      notes: "Asked about her order on WhatsApp",
      tags: ["fair"],
      conversationCount: 1,
    });
    await apiAs(page, "GET", `/api/contacts/${whatsappId}`).then(
      () => expect.unreachable("the merged contact should be gone"),
      (err: Error) => expect(err.message).toContain("404"),
    );

    // The conversation now belongs to the survivor; a reply from the inbox goes to its number.
    await page.goto("/inbox");
    await openConversation(page, customer.name);
    const reply = `Ready for pickup ${stamp}`;
    const composer = page.getByLabel("Message", { exact: true });
    await composer.fill(reply);
    await composer.press("Enter");
    await expect
      .poll(async () => {
        const sends = (await (await fetch(`${peerUrl()}/__peer/sends`)).json()) as Sent[];
        return sends.find((s) => s.body.text?.body === reply)?.body.to ?? null;
      }, LIVE)
      .toBe(customer.waId);
  });
});
