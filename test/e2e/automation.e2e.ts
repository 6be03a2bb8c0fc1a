/**
 * Automation in Chromium: the owner builds a keyword rule in Settings → Automation; customers asking
 * about prices are assigned in turn to the two agents who have the inbox open (each sees it live) and
 * labelled; the run log shows both runs. Then, out of business hours, the away message goes out once
 * however often the customer writes (the local Meta peer records every send).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, peerUrl } from "./browser";
import { apiAs, customerWrites, inviteAgent, LIVE, newCustomerNumber, shot, signIn, text, type Agent } from "./inbox-helpers";

let browser: Browser;
let dana: Agent;
let ana: Agent;
let bo: Agent;
const LABEL = "Pricing";
const AWAY = "Thanks! We're closed right now and answer from 9:00.";

interface PeerSend {
  body: { to?: string; text?: { body?: string } };
}
const sendsTo = async (to: string) =>
  ((await (await fetch(`${peerUrl()}/__peer/sends`)).json()) as PeerSend[]).filter((s) => s.body.to === to);

beforeAll(async () => {
  browser = await launch();
  dana = await signIn(browser);
  ana = await inviteAgent(browser, dana.page, "Ana Rotation");
  bo = await inviteAgent(browser, dana.page, "Bo Rotation", { colorScheme: "dark" });
  // A retried run finds the label already there.
  await apiAs(dana.page, "POST", "/api/labels", { name: LABEL, color: "#7c3aed" }).catch(() => undefined);
});

afterAll(async () => {
  // The e2e files share one org: leave no rule running and business hours off.
  if (dana) {
    const { rules } = await apiAs<{ rules: { id: string }[] }>(dana.page, "GET", "/api/automation/rules");
    for (const r of rules) await apiAs(dana.page, "DELETE", `/api/automation/rules/${r.id}`);
    await apiAs(dana.page, "PUT", "/api/automation/business-hours", {
      enabled: false,
      timeZone: "UTC",
      week: [],
      holidays: [],
      awayMessage: null,
    });
  }
  await browser?.close();
});

describe("automation in the browser", () => {
  it("a keyword rule assigns in turn among the online agents and labels, live, and the run log says so", async () => {
    const page = dana.page;
    await page.getByRole("link", { name: "Automation" }).first().click();
    await page.getByRole("heading", { name: "Rules" }).waitFor(LIVE);
    await page.getByRole("button", { name: "New rule" }).click();
    const editor = page.getByRole("dialog");
    await editor.getByLabel("Name").fill("Pricing to sales");
    await editor.getByRole("button", { name: "Add condition" }).click();
    await editor.getByLabel("Condition 1 value").fill("price, preço");
    await editor.getByRole("button", { name: "Add condition" }).click();
    await editor.getByLabel("Condition 2", { exact: true }).selectOption("assignee");
    await editor.getByLabel("Ana Rotation").check();
    await editor.getByLabel("Bo Rotation").check();
    await editor.getByRole("button", { name: "Add action" }).click();
    await editor.getByLabel("Label").selectOption(LABEL);
    await shot(page, "automation-editor");
    await editor.getByRole("button", { name: "Create rule" }).click();
    await page.locator(".automation-rule", { hasText: "Pricing to sales" }).waitFor(LIVE);

    const rita = { from: newCustomerNumber(), name: "Rita Preço" };
    const sam = { from: newCustomerNumber(), name: "Sam Price" };
    await customerWrites(rita.from, rita.name, text("Olá! Qual é o preço do bule azul?"));
    await customerWrites(sam.from, sam.name, text("What's the price of the big vase?"));

    // Each agent sees one of them arrive assigned to them, live.
    const mine = (a: Agent, name: string) => a.page.getByRole("link", { name: new RegExp(`^${name}.*assigned to you`) });
    await expect.poll(async () => (await mine(ana, rita.name).count()) + (await mine(ana, sam.name).count()), LIVE).toBe(1);
    await expect.poll(async () => (await mine(bo, rita.name).count()) + (await mine(bo, sam.name).count()), LIVE).toBe(1);
    const { conversations } = await apiAs<{ conversations: { contact: { name: string }; labels: string[]; assigneeId: string }[] }>(
      page,
      "GET",
      "/api/conversations?view=all&limit=200",
    );
    const ours = conversations.filter((c) => [rita.name, sam.name].includes(c.contact.name));
    expect(ours.map((c) => c.labels)).toEqual([[LABEL], [LABEL]]);
    expect(new Set(ours.map((c) => c.assigneeId)).size).toBe(2);

    await page.getByRole("button", { name: "Refresh" }).click();
    const log = page.locator(".automation-runs tbody tr", { hasText: "Pricing to sales" });
    await expect.poll(() => log.count(), LIVE).toBe(2);
    await expect.poll(() => log.first().textContent(), LIVE).toMatch(/assigned to (Ana|Bo) Rotation \(round robin among 2 online\)/);
    expect(await log.first().textContent()).toContain(`added label ${LABEL}`);
    await shot(page, "automation-run-log");
    await shot(bo.page, "automation-assigned-dark");
  });

  it("out of business hours the away message goes out once per conversation, however often the customer writes", async () => {
    const page = dana.page;
    const hours = page.locator("section", { has: page.getByRole("heading", { name: "Business hours" }) });
    const enabled = hours.getByRole("switch", { name: "Use business hours" });
    if (!(await enabled.isChecked())) await enabled.click();
    await hours.getByLabel("Time zone").fill("UTC");
    // No opening hours on any day: it is out of hours now, whenever this runs.
    while ((await hours.getByRole("button", { name: "Remove", exact: true }).count()) > 0)
      await hours.getByRole("button", { name: "Remove", exact: true }).first().click();
    await hours.getByLabel("Away message").fill(AWAY);
    await hours.getByRole("button", { name: "Save business hours" }).click();
    await page.getByText("Business hours saved").waitFor(LIVE);

    const olga = { from: newCustomerNumber(), name: "Olga Late" };
    await customerWrites(olga.from, olga.name, text("Hello, are you there?"));
    await expect.poll(async () => (await sendsTo(olga.from)).length, LIVE).toBe(1);
    await customerWrites(olga.from, olga.name, text("Hello??"));
    await customerWrites(olga.from, olga.name, text("Anyone?"));
    // Another customer writes after them; once their away message is out, Olga's later messages were handled too.
    const pia = { from: newCustomerNumber(), name: "Pia After" };
    await customerWrites(pia.from, pia.name, text("Hi"));
    await expect.poll(async () => (await sendsTo(pia.from)).length, LIVE).toBe(1);
    expect((await sendsTo(olga.from)).map((s) => s.body.text?.body)).toEqual([AWAY]);
    await page.getByRole("button", { name: "Refresh" }).click();
    const away = page.locator(".automation-runs tbody tr", { hasText: "Away message" });
    await expect.poll(() => away.count(), LIVE).toBeGreaterThanOrEqual(1);
    await shot(page, "automation-hours");
  });
});
