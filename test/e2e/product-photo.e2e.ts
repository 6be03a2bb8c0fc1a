/**
 * Product photos in Chromium: an admin adds a photo to a product from its dialog, the catalog and the
 * new-order picker show it, a file that is not an image is refused with the reason, and removing the
 * photo brings back the product's initial.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch } from "./browser";
import { type Agent, apiAs, LIVE, shot, signIn } from "./inbox-helpers";

/** An 8×8 orange PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4EaWBFTEMLQkAZKhSgU2VHoYAAAAASUVORK5CYII=", "base64");

let browser: Browser;
let dana: Agent;

beforeAll(async () => {
  browser = await launch();
  dana = await signIn(browser);
});

afterAll(async () => {
  await browser?.close();
});

describe("product photos", () => {
  it("adds a photo from the product's dialog, shows it in the catalog, refuses a non-image, and removes it", async () => {
    const page = dana.page;
    const sku = `PHOTO-${Date.now() % 100_000}`;
    const name = `Photo vase ${sku}`;
    await apiAs(page, "POST", "/api/products", { sku, name, priceMinor: 2200, currency: "EUR" });
    await page.goto(`/products`);
    await page.getByRole("searchbox").first().fill(sku);
    const row = page.locator("tr", { hasText: name });
    await row.getByRole("button", { name: "Edit" }).click();
    const dialog = page.getByRole("dialog", { name: `Edit ${name}` });

    await dialog
      .getByLabel("Add photo")
      .setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("not really a png") });
    await dialog.getByText("The file is not a PNG image.").waitFor(LIVE);

    await dialog.getByLabel("Add photo").setInputFiles({ name: "vase.png", mimeType: "image/png", buffer: PNG });
    const thumb = dialog.locator("img.product-thumb");
    await thumb.waitFor(LIVE);
    expect(await thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(8);
    await shot(page, "product-photo-dialog");
    await dialog.getByRole("button", { name: "Cancel" }).click();

    // The catalog row shows it (the list reloaded when the photo changed), served by the API.
    const listed = row.locator("img.product-thumb");
    await listed.waitFor(LIVE);
    const src = (await listed.getAttribute("src"))!;
    expect(src).toMatch(/\/api\/products\/prd_[^/]+\/image\?v=/);
    const served = await page.evaluate(async (u) => {
      const r = await fetch(u);
      return { status: r.status, type: r.headers.get("content-type") };
    }, src);
    expect(served).toEqual({ status: 200, type: "image/png" });
    await shot(page, "product-photo-list");

    await row.getByRole("button", { name: "Edit" }).click();
    await dialog.getByRole("button", { name: "Remove" }).click();
    await expect.poll(() => dialog.locator("img.product-thumb").count(), LIVE).toBe(0);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => row.locator(".product-thumb-empty").count(), LIVE).toBe(1);
  });
});
