/**
 * The offline outbox holds more than replies: a private note and a file written offline wait too (the
 * file as a Blob in IndexedDB), survive a reload while still offline, and go out in the order written
 * when the connection returns.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_MEDIA_BYTES } from "../peers/meta-media";
import { launch } from "./browser";
import { apiAs, customerWrites, LIVE, newCustomerNumber, openConversation, row, shot, signIn, text, type Agent } from "./inbox-helpers";

let browser: Browser;
let dana: Agent;
let customer: { waId: string; name: string };

/** What the outbox holds, read straight from IndexedDB as the app stored it. */
function outbox(page: Page): Promise<{ kind: string; blobSize: number | null; blobType: string | null }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open("parley-outbox");
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains("sends")) return resolve([]);
          const all = db.transaction("sends").objectStore("sends").getAll();
          all.onsuccess = () =>
            resolve(
              (all.result as { kind: string; file?: Blob }[]).map((s) => ({
                kind: s.kind,
                blobSize: s.file instanceof Blob ? s.file.size : null,
                blobType: s.file instanceof Blob ? s.file.type : null,
              })),
            );
        };
      }),
  );
}

beforeAll(async () => {
  browser = await launch();
});

// Each attempt (a retry too) starts from a fresh sign-in and a new customer: nothing an earlier attempt
// left behind (a page still offline, its messages) changes what this one sees.
beforeEach(async () => {
  await dana?.context.close();
  customer = { waId: newCustomerNumber(), name: `Olivia Outbox ${Date.now() % 10_000}` };
  dana = await signIn(browser, { width: 390 });
});

afterAll(async () => {
  await browser?.close();
});

describe("the offline outbox", () => {
  it("holds a reply, a private note and a photo written offline, across a reload, and sends them in order", async () => {
    const page = dana.page;
    // The cache check below reads the resources this page loaded; the browser keeps only 250 entries
    // by default, and on a server with many conversations a later chunk could fall outside them.
    await page.evaluate(() => performance.setResourceTimingBufferSize(100_000));
    await customerWrites(customer.waId, customer.name, text("Can you send me a photo of the vase?"));
    await row(page, customer.name).waitFor(LIVE);
    await openConversation(page, customer.name);
    const conversationId = new URL(page.url()).pathname.split("/").pop()!;
    await page.locator(".msg-in", { hasText: "Can you send me a photo of the vase?" }).waitFor(LIVE);

    // A reload offline needs the app shell in the service worker's cache and the conversation's copy
    // (inbox-offline.e2e.ts tests those); wait until both are there, as they are a moment after opening.
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            await navigator.serviceWorker.ready;
            const urls = (await (await caches.open("parley-shell-v1")).keys()).map((r) => new URL(r.url).pathname);
            // Every script and style this page loaded, not only the inbox's: the reload offline needs them all,
            // and lazy chunks reach the cache a moment after the page used them.
            const loaded = performance
              .getEntriesByType("resource")
              .map((e) => new URL(e.name).pathname)
              .filter((u) => u.startsWith("/assets/"));
            return (
              urls.includes("/index.html") && urls.some((u) => /^\/assets\/inbox-.*\.js$/.test(u)) && loaded.every((u) => urls.includes(u))
            );
          }),
        LIVE,
      )
      .toBe(true);
    // The conversation's copy, with the summary its header (name, number) shows offline.
    await expect
      .poll(
        () =>
          page.evaluate((id) => {
            const copy = JSON.parse(localStorage.getItem(`parley.cache.conv.${id}`) ?? "null") as { summary?: { id: string } } | null;
            return copy?.summary?.id === id;
          }, conversationId),
        LIVE,
      )
      .toBe(true);

    await dana.context.setOffline(true);
    const composer = page.getByLabel("Message", { exact: true });
    await composer.fill("One moment, taking it now");
    await composer.press("Enter");
    await page.getByText("You're offline.", { exact: false }).first().waitFor(LIVE);

    await page.getByRole("button", { name: "Private note" }).click();
    await page.getByLabel("Private note", { exact: true }).fill("She wants the blue one, not the green");
    await page.getByLabel("Private note", { exact: true }).press("Enter");
    await page.locator(".msg-note", { hasText: "She wants the blue one" }).getByText("waiting for the network").waitFor(LIVE);

    await page.getByRole("button", { name: "Reply", exact: true }).click();
    await page
      .locator('.composer input[type="file"]')
      .setInputFiles({ name: "vase.png", mimeType: "image/png", buffer: Buffer.from(DEFAULT_MEDIA_BYTES) });
    await page.locator(".attachment", { hasText: "vase.png" }).waitFor(LIVE);
    await composer.fill("Here it is");
    await composer.press("Enter");
    await page.locator(".msg-out", { hasText: "Here it is" }).waitFor(LIVE);

    await expect
      .poll(() => outbox(page), LIVE)
      .toEqual([
        { kind: "text", blobSize: null, blobType: null },
        { kind: "note", blobSize: null, blobType: null },
        { kind: "file", blobSize: DEFAULT_MEDIA_BYTES.length, blobType: "image/png" },
      ]);
    await shot(page, "inbox-outbox-offline-phone-light");

    // Still offline, the page reloads from the service worker: what waits is still there, and shown.
    await page.reload();
    await expect.poll(() => page.locator(".chat-name").textContent(), LIVE).toBe(customer.name);
    for (const body of ["One moment, taking it now", "She wants the blue one", "Here it is"]) {
      await page.locator(".msg", { hasText: body }).waitFor(LIVE);
    }
    expect(await outbox(page)).toHaveLength(3);

    await dana.context.setOffline(false);
    await expect.poll(() => outbox(page), LIVE).toEqual([]);
    // Stored by the room in the order written: reply, note, photo (with its caption).
    const history = async () =>
      (
        await apiAs<{ messages: { content: { type: string; body?: string; caption?: string } }[] }>(
          page,
          "GET",
          `/api/conversations/${conversationId}/messages`,
        )
      ).messages
        .map((m) => `${m.content.type}:${m.content.body ?? m.content.caption ?? ""}`)
        .filter((m) => !m.startsWith("text:Can you"));
    await expect
      .poll(history, LIVE)
      .toEqual(["text:One moment, taking it now", "note:She wants the blue one, not the green", "image:Here it is"]);
    await page.locator(".msg-out", { hasText: "Here it is" }).locator("img").waitFor(LIVE);
    await expect.poll(() => page.locator(".msg-note", { hasText: "She wants the blue one" }).getByText("waiting").count(), LIVE).toBe(0);
  });
});
