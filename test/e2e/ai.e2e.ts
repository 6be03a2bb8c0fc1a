/**
 * AI assist as an agent meets it, against the local OpenAI-compatible peer: with AI off no AI control
 * shows and the provider hears nothing; an admin switches it on and adds a fact; a reply draft streams
 * into the composer piece by piece, names the catalog's price (not an older one in the knowledge base), and
 * the agent edits it and sends it. After hours a customer gets an auto-reply with the catalog's price, the
 * intent label lands live on the row and the lead score with its reason in the panel; "I want a human"
 * hands the conversation to a person with a note.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenAiRequestRecord } from "../peers/openai";
import { safetyIdentifier } from "../../worker/ai/safety-identifier";
import { launch, openAiPeerUrl } from "./browser";
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
let orgUser: string;

const peerControl = (path: string) => `${openAiPeerUrl().replace(/\/v1$/, "")}/__peer${path}`;

async function providerRequests(): Promise<OpenAiRequestRecord[]> {
  return (await (await fetch(peerControl(`/requests?user=${orgUser}`))).json()) as OpenAiRequestRecord[];
}

beforeAll(async () => {
  browser = await launch();
  dana = await signIn(browser);
  const me = await apiAs<{ org: { id: string } }>(dana.page, "GET", "/api/auth/me");
  orgUser = await safetyIdentifier(me.org.id);
});

afterAll(async () => {
  // The e2e files share one org: leave AI off, or its auto-replies answer other files' customers.
  if (dana) await apiAs(dana.page, "PUT", "/api/ai/settings", { enabled: false });
  await fetch(peerControl("/latency"), { method: "POST", body: JSON.stringify({ firstTokenMs: 0, chunkMs: 0, user: orgUser }) });
  await browser?.close();
});

describe("AI assist in the browser", () => {
  it("off: no AI control shows and the provider receives nothing", async () => {
    const page = dana.page;
    const from = newCustomerNumber();
    await customerWrites(from, "Olga Off", text("How much is the stoneware vase?"));
    await row(page, "Olga Off").waitFor(LIVE);
    await openConversation(page, "Olga Off");
    await page.locator(".composer textarea").waitFor();
    expect(await page.getByRole("button", { name: /Draft reply/ }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "AI assist" }).count()).toBeGreaterThan(0);
    expect(await page.locator("[data-testid=ai-panel]").count()).toBe(0);
    expect(await providerRequests()).toEqual([]);
  });

  it("on: a draft streams into the composer with the fact's price, and the agent edits and sends it", async () => {
    const page = dana.page;
    const from = newCustomerNumber();
    // Written before AI is on, so no auto-reply or triage runs for it: the draft is the only request.
    await customerWrites(from, "Teresa Teapot", text(`How much is the blue teapot? Call me on +${from}.`));
    await row(page, "Teresa Teapot").waitFor(LIVE);

    await page.getByRole("link", { name: "AI assist" }).first().click();
    await page.getByRole("heading", { name: "Consent" }).waitFor(LIVE);
    // The switch follows the saved setting: it shows on once the server has stored the consent.
    const consent = page.getByRole("switch", { name: /Use AI assist in this organization/ });
    await consent.click();
    await expect.poll(() => consent.isChecked(), LIVE).toBe(true);
    await expect.poll(() => page.getByRole("switch", { name: /Reply drafts/ }).isEnabled(), LIVE).toBe(true);
    const kb = page.locator("section", { has: page.getByRole("heading", { name: "Knowledge base" }) });
    await kb.getByLabel("Kind").selectOption("product");
    await kb.getByLabel("Title").fill("Blue teapot");
    // An old price typed into the knowledge base: the catalog (Blue teapot, 34,99 € in the demo's products) wins.
    await kb.getByLabel("Answer").fill("The blue teapot costs 34,90 € and ships in 2 working days.");
    await kb.getByRole("button", { name: "Add" }).click();
    await kb.getByText("The blue teapot costs 34,90 €").waitFor(LIVE);
    await shot(page, "ai-settings-on");

    // Slow pieces, so the stream is seen arriving in the composer before it ends.
    await fetch(peerControl("/latency"), { method: "POST", body: JSON.stringify({ firstTokenMs: 100, chunkMs: 200, user: orgUser }) });
    await page.getByRole("link", { name: "Inbox" }).first().click();
    await openConversation(page, "Teresa Teapot");
    const composer = page.locator(".composer textarea");
    await page.getByRole("button", { name: /Draft reply/ }).click();
    const stop = page.getByRole("button", { name: /Drafting… Stop/ });
    await stop.waitFor(LIVE);
    // Part of the draft is in the composer while the button still offers Stop: it streams in.
    let partial = "";
    await expect
      .poll(async () => {
        const value = await composer.inputValue();
        if (value && (await stop.isVisible())) partial = value;
        return partial.length > 0;
      }, LIVE)
      .toBe(true);
    await shot(page, "ai-draft-streaming");
    await page.getByRole("button", { name: /Draft reply/ }).waitFor(LIVE);
    const draft = await composer.inputValue();
    expect(draft.startsWith(partial.trimEnd())).toBe(true);
    expect(draft.length).toBeGreaterThan(partial.length);
    expect(draft).toContain("€34.99");
    expect(draft).not.toContain("34,90");
    // The customer's number was replaced before it left, and put back in the draft on our side.
    expect(draft).toContain(`+${from}`);
    const sent = await providerRequests();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.stream).toBe(true);
    expect(JSON.stringify(sent[0]!.body)).not.toContain(from);
    await shot(page, "ai-draft-done");

    const edited = `${draft} Shall I put one aside for you?`;
    await composer.fill(edited);
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await bubbles(page, "Shall I put one aside for you?").waitFor(LIVE);
    expect(await bubbles(page, "Shall I put one aside for you?").first().textContent()).toContain("€34.99");
    expect(await composer.inputValue()).toBe("");
    await shot(page, "ai-draft-sent");
  });

  it("after hours: an auto-reply with the catalog's price, the intent label live on the row, the lead score with its reason, and 'I want a human' hands off with a note", async () => {
    const page = dana.page;
    // Never open (no business days): every customer writes after hours. Only the new customer's messages
    // arrive while this holds; afterAll switches AI off again for the other files.
    await apiAs(page, "PUT", "/api/ai/settings", {
      enabled: true,
      features: { summaries: true, drafts: true, intent: true, leadScore: true, autoReply: true },
      autoReplyMode: "outside_hours",
      businessHours: { timeZone: "Europe/Lisbon", days: [], openMinute: 540, closeMinute: 1080 },
    });
    await fetch(peerControl("/latency"), { method: "POST", body: JSON.stringify({ firstTokenMs: 0, chunkMs: 0, user: orgUser }) });
    await page.getByRole("link", { name: "Inbox" }).first().click();
    await page.locator(".conv-row").first().waitFor(LIVE);

    const from = newCustomerNumber();
    // A name of its own per attempt: a retried test must not find the first attempt's row.
    const name = `Hugo ${from.slice(-4)}`;
    await customerWrites(from, name, text("How much is the blue teapot?"));
    // The intent label lands on the row live, with no reload, as the triage job finishes.
    await row(page, name).locator(".conv-label", { hasText: "pricing" }).waitFor(LIVE);
    await openConversation(page, name);
    const reply = page.locator(".msg.msg-out", { has: page.locator(".msg-text", { hasText: "Blue teapot: €34.99 per unit, available." }) });
    await reply.waitFor(LIVE);
    expect(await reply.locator(".msg-author").textContent()).toBe("Parley AI (automated)");
    const details = page.getByRole("button", { name: "Contact details" });
    if ((await details.getAttribute("aria-pressed")) !== "true") await details.click();
    const score = page.getByTestId("ai-lead-score");
    await expect.poll(() => score.textContent(), LIVE).toContain("65/100");
    expect(await score.textContent()).toContain("Asked about pricing; 1 message; 0 past orders.");
    expect(await page.getByTestId("ai-intent").textContent()).toBe("pricing (92%)");
    // The CRM's own field on the contact follows too (a contact frame).
    expect(await page.getByLabel("Lead score (0–100)").inputValue()).toBe("65");
    await page.getByTestId("ai-panel").scrollIntoViewIfNeeded();
    await shot(page, "ai-auto-reply");

    await customerWrites(from, name, text("I want a human"));
    const note = page.locator(".msg", { hasText: "AI handed this conversation to a person: The customer asked for a person." });
    await note.waitFor(LIVE);
    await row(page, name).locator(".conv-label", { hasText: "needs-human" }).waitFor(LIVE);
    await expect.poll(() => row(page, name).getAttribute("aria-label"), LIVE).toContain("assigned to you");
    // One auto-reply only: the handoff answered nothing to the customer.
    expect(await page.locator(".msg.msg-out", { hasText: "Parley AI (automated)" }).count()).toBe(1);
    await page.getByTestId("ai-panel").scrollIntoViewIfNeeded();
    await shot(page, "ai-handoff");

    // The same screens in dark and on a phone, to look at.
    for (const options of [{ colorScheme: "dark" as const }, { width: 390 }]) {
      const other = await signIn(browser, options);
      await openConversation(other.page, name);
      await other.page.locator(".msg", { hasText: "AI handed this conversation" }).waitFor(LIVE);
      await shot(other.page, `ai-handoff-${"width" in options ? "phone" : "dark"}`);
      await other.context.close();
    }
  });
});
