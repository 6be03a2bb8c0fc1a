/**
 * Settings → Integrations in Chromium: create an API key (shown once), use it as a program would (fetch
 * with Bearer, no cookies), revoke it and see 401; add a webhook endpoint pointing at a local receiver,
 * a customer writes, the event arrives signed (checked with node:crypto) and shows in the delivery log.
 * Also looked at in dark and at 390 px.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../peers/webhook-receiver";
import { verifyParleySignature } from "../support/reference-signature";
import { appUrl, launch } from "./browser";
import { apiAs, customerWrites, LIVE, newCustomerNumber, shot, signIn, text, type Agent } from "./inbox-helpers";

let browser: Browser;
let dana: Agent;
let receiver: WebhookReceiver;

beforeAll(async () => {
  browser = await launch();
  dana = await signIn(browser);
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  // The e2e files share one org: leave no endpoint posting and no key working.
  if (dana) {
    const { endpoints } = await apiAs<{ endpoints: { id: string; url: string }[] }>(dana.page, "GET", "/api/integrations/webhooks");
    for (const e of endpoints.filter((x) => x.url.startsWith(receiver.origin))) {
      await apiAs(dana.page, "DELETE", `/api/integrations/webhooks/${e.id}`);
    }
  }
  await receiver?.close();
  await browser?.close();
});

const asProgram = (key: string, path: string) => fetch(`${appUrl()}${path}`, { headers: { authorization: `Bearer ${key}` } });

describe("integrations in the browser", () => {
  it("creates a key shown once, a program uses it, and once revoked it gets 401", async () => {
    const page = dana.page;
    await page.getByRole("link", { name: "Integrations" }).first().click();
    await page.getByRole("heading", { name: "API keys" }).waitFor(LIVE);
    await page.getByRole("button", { name: "New API key" }).click();
    const dialog = page.getByRole("dialog");
    const name = `E2E shop sync ${Date.now()}`;
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByRole("checkbox", { name: /orders:read/ }).check();
    await dialog.getByRole("button", { name: "Create key" }).click();
    const secret = (await dialog.locator(".copy-field-value").textContent())!.trim();
    expect(secret).toMatch(/^prk_/);
    await shot(page, "integrations-key-created");
    await dialog.getByRole("button", { name: "I have copied it" }).click();
    const row = page.locator(".integration-keys tr", { hasText: name });
    await expect.poll(() => row.locator("code").textContent(), LIVE).toBe(`${secret.slice(0, 12)}…`);

    const ok = await asProgram(secret, "/api/contacts?limit=5");
    expect(ok.status, await ok.clone().text()).toBe(200);
    const scoped = await asProgram(secret, "/api/products");
    expect(((await scoped.json()) as { error: { code: string } }).error.code).toBe("api_key_scope_missing");
    // Its use shows as "Last used" and in the request log without a reload.
    await expect.poll(() => row.getByText("Never").count(), LIVE).toBe(0);

    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
    await row.getByText("Revoked").waitFor(LIVE);
    const refused = await asProgram(secret, "/api/contacts");
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("api_key_revoked");
  });

  it("adds an endpoint; a customer's message arrives signed and shows in the delivery log", async () => {
    const page = dana.page;
    await page.goto("/settings/integrations");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const dialog = page.getByRole("dialog");
    const path = `/e2e-${Date.now()}`;
    await dialog.getByLabel("URL").fill(`${receiver.origin}${path}`);
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    const secret = (await dialog.locator(".copy-field-value").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await dialog.getByRole("button", { name: "I have copied it" }).click();

    await customerWrites(newCustomerNumber(), "Webhook Wanda", text("Is the blue teapot in stock?"));
    await expect.poll(() => receiver.posts.filter((p) => p.path === path).length, LIVE).toBeGreaterThan(0);
    const post = receiver.posts.find((p) => p.path === path)!;
    expect((post.body as { type: string }).type).toBe("message.received");
    expect(verifyParleySignature(post.headers["parley-signature"] as string, post.raw, secret)).toBe(true);

    const endpoint = page.locator(".integration-endpoint", { hasText: path });
    await endpoint.getByRole("button", { name: "Deliveries" }).click();
    const log = endpoint.getByRole("region", { name: /Deliveries to/ });
    await log.locator("tr", { hasText: "message.received" }).getByText("succeeded").waitFor(LIVE);
    await endpoint.scrollIntoViewIfNeeded();
    await shot(page, "integrations-light");

    // Failures show too, and live: the receiver refuses, a test event is logged as retrying with its 503.
    receiver.respondWith(503, path);
    await endpoint.getByRole("button", { name: "Send test event" }).click();
    await log.locator("tr", { hasText: "ping" }).getByText("retrying").waitFor(LIVE);
    await expect(log.locator("tr", { hasText: "ping" }).textContent()).resolves.toContain("503");
  });

  it("reads well in dark and at 390 px", async () => {
    for (const [name, options] of [
      ["integrations-dark", { colorScheme: "dark" as const }],
      ["integrations-390", { width: 390 }],
    ] as const) {
      const other = await signIn(browser, options);
      await other.page.goto("/settings/integrations");
      await other.page.getByRole("heading", { name: "Webhooks" }).waitFor(LIVE);
      await other.page.locator(".integration-endpoint").first().scrollIntoViewIfNeeded();
      await shot(other.page, name);
      const overflow = await other.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await other.context.close();
    }
  });
});
