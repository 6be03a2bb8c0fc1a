/**
 * The cookie policy is the truth: a visitor reading the public pages gets nothing stored; an agent who
 * signs in, opens a conversation, starts a reply, opens the contact panel, collapses the sidebar, picks a
 * theme and visits contacts and settings holds exactly the cookies and storage the policy lists (nothing
 * unlisted, every listed item really set); signing out empties what holds their data, including replies
 * waiting offline, which are then never sent under anyone else's session.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policyEntryFor, storedItems, type StoredItem } from "../../web/src/site/storage-policy";
import { launch, newAgent } from "./browser";
import { apiAs, connection, customerWrites, DEMO_OWNER, LIVE, newCustomerNumber, openConversation, row, text } from "./inbox-helpers";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

interface Held {
  where: StoredItem["where"];
  key: string;
}

/** Everything this origin holds in the browser right now. */
async function heldBy(context: BrowserContext, page: Page): Promise<Held[]> {
  const origin = new URL(page.url()).origin;
  const cookies = (await context.cookies(origin)).map((c) => ({ where: "cookie" as const, key: c.name }));
  const inPage = await page.evaluate(async () => ({
    localStorage: Object.keys(localStorage),
    sessionStorage: Object.keys(sessionStorage),
    indexedDB: (await indexedDB.databases()).map((d) => d.name ?? ""),
    cacheStorage: await caches.keys(),
  }));
  return [
    ...cookies,
    ...(["localStorage", "sessionStorage", "indexedDB", "cacheStorage"] as const).flatMap((where) =>
      inPage[where].map((key) => ({ where, key })),
    ),
  ];
}

const outboxCount = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const req = indexedDB.open("parley-outbox");
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains("sends")) return resolve(0);
          const n = db.transaction("sends").objectStore("sends").count();
          n.onsuccess = () => resolve(n.result);
        };
      }),
  );

describe("the cookie policy against the browser", () => {
  it("lists exactly what the app stores, and signing out empties what holds the member's data", async () => {
    const { context, page } = await newAgent(browser);
    // The public pages store nothing at all.
    for (const path of ["/", "/pricing", "/cookies"]) await page.goto(path);
    expect(await heldBy(context, page)).toEqual([]);
    const listed = await page.locator("#storage-policy tbody tr").evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.name));
    expect(listed).toEqual(storedItems.map((i) => i.name));

    const customer = { waId: newCustomerNumber(), name: `Cora Cookie ${Date.now() % 10_000}` };
    await customerWrites(customer.waId, customer.name, text("Do you ship to Porto?"));
    await page.goto("/signin");
    await page.getByLabel("Email").fill(DEMO_OWNER.email);
    await page.getByLabel("Password").fill(DEMO_OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/inbox/);
    await row(page, customer.name).waitFor(LIVE);
    await openConversation(page, customer.name);
    const conversationId = new URL(page.url()).pathname.split("/").pop()!;
    await page.getByLabel("Message", { exact: true }).fill("We do, in two days");
    await page.getByRole("button", { name: "Contact details" }).click();
    await page.getByRole("button", { name: "Collapse sidebar" }).click();
    await page.getByRole("radio", { name: "Dark" }).check();
    await page.goto("/contacts");
    await page.getByRole("heading", { name: "Contacts" }).first().waitFor();
    await page.goto("/settings");
    await page.getByRole("heading", { name: "Settings" }).first().waitFor();
    // The service worker's shell cache and the outbox's database appear a moment after the app starts.
    await expect
      .poll(async () => (await heldBy(context, page)).map((h) => `${h.where}:${h.key}`), LIVE)
      .toEqual(expect.arrayContaining(["cacheStorage:parley-shell-v1", "indexedDB:parley-outbox"]));

    const held = await heldBy(context, page);
    const unlisted = held.filter((h) => !policyEntryFor(h.where, h.key)).map((h) => `${h.where}:${h.key}`);
    expect(unlisted, "stored but not in the cookie policy").toEqual([]);
    const unseen = storedItems.filter((i) => !held.some((h) => policyEntryFor(h.where, h.key) === i)).map((i) => `${i.where}:${i.name}`);
    expect(unseen, "in the cookie policy but never stored").toEqual([]);

    // A reply written offline waits in the outbox; signing out (still offline) empties it.
    await page.goto(`/inbox/${conversationId}`);
    await context.setOffline(true);
    const composer = page.getByLabel("Message", { exact: true });
    await composer.fill("Sent from a shared computer");
    await composer.press("Enter");
    await expect.poll(() => outboxCount(page), LIVE).toBe(1);
    await page.getByRole("button", { name: "Expand sidebar" }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/signin/);
    await expect.poll(() => outboxCount(page), LIVE).toBe(0);
    const heldData = async () =>
      (await heldBy(context, page))
        .map((h) => `${h.where}:${h.key}`)
        .filter((k) => /parley\.cache\.|parley\.draft\.|cookie:__Host-token/.test(k));
    // Offline, the server could not be told, so its HttpOnly session cookie stays until an online sign-out.
    expect(await heldData()).toEqual(["cookie:__Host-token"]);

    // Back online and signed in again: the dropped reply never went out.
    await context.setOffline(false);
    await page.getByLabel("Email").fill(DEMO_OWNER.email);
    await page.getByLabel("Password").fill(DEMO_OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/inbox/);
    // Live again: the moment a waiting outbox would have been flushed.
    await expect.poll(() => connection(page), LIVE).toBe("live");
    const { messages } = await apiAs<{ messages: { content: { body?: string } }[] }>(
      page,
      "GET",
      `/api/conversations/${conversationId}/messages`,
    );
    expect(messages.map((m) => m.content.body)).not.toContain("Sent from a shared computer");
    // Online, signing out leaves nothing of the member's.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/signin/);
    await expect.poll(heldData, LIVE).toEqual([]);
    await context.close();
  });
});
