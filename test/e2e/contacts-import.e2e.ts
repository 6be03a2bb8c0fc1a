/**
 * CSV import in Chromium: an owner uploads a file with a bad row, sees the columns matched and the dry
 * run's counts, starts it, watches the progress bar finish live, sees the refused row with its reason
 * and the report link, then finds an imported contact in the list.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch } from "./browser";
import { LIVE, shot, signIn, type Agent } from "./inbox-helpers";

let browser: Browser;
let dana: Agent;
const stamp = Date.now() % 100_000;
const digits = String(stamp).padStart(5, "0");

beforeAll(async () => {
  browser = await launch();
  dana = await signIn(browser);
});

afterAll(async () => {
  await browser?.close();
});

describe("contact import", () => {
  it("uploads, maps, shows progress live, reports the bad row and lists the new contacts", async () => {
    const csv = [
      "Full name,Mobile,E-mail,Tags",
      `Imported Ana ${stamp},+351 93 77${digits},ana${stamp}@example.com,"vip,import"`,
      `Imported Rui ${stamp},93 88${digits},,import`,
      `Broken Row ${stamp},12,,`,
    ].join("\n");
    const page = dana.page;
    await page.goto("/contacts");
    await page.getByRole("link", { name: "Import CSV" }).click();
    await page.waitForURL(/\/contacts\/import$/);
    await page.getByLabel("CSV file").setInputFiles({ name: `customers-${stamp}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.waitForURL(/\/contacts\/import\/imp_/, LIVE);

    // The columns are matched from their headers; the dry run counts every row.
    await expect.poll(() => page.getByLabel("Field for column Mobile").inputValue(), LIVE).toBe("phone");
    expect(await page.getByLabel("Field for column Full name").inputValue()).toBe("name");
    expect(await page.getByLabel("Field for column E-mail").inputValue()).toBe("email");
    await page.getByLabel("Country for numbers without a country code").fill("PT");
    const counts = page.getByTestId("dry-run-counts");
    await expect.poll(async () => (await counts.textContent()) ?? "", LIVE).toMatch(/New contacts\s*2.*Refused\s*1/);
    await expect.poll(() => page.locator(".import-reason").first().textContent(), LIVE).toContain('"12" is not a valid phone number');
    await shot(page, "contacts-import-mapping");

    await page.getByRole("button", { name: "Import 2 contacts" }).click();
    await expect
      .poll(async () => (await page.locator("h2", { hasText: `customers-${stamp}.csv` }).textContent()) ?? "", LIVE)
      .toContain("Done");
    await expect.poll(() => page.getByRole("progressbar").getAttribute("aria-valuenow"), LIVE).toBe("100");
    expect(await page.getByTestId("import-counts").textContent()).toMatch(/New\s*2.*Refused\s*1/);
    expect(await page.locator(".import-errors").textContent()).toContain("Line 4:");
    const report = page.getByRole("link", { name: "Download refused rows" });
    expect(await report.getAttribute("href")).toMatch(/\/errors\.csv$/);
    await shot(page, "contacts-import-done");

    await page.getByRole("link", { name: "See contacts" }).click();
    await page.getByPlaceholder("Name, phone, email or tag").fill(`Imported Rui ${stamp}`);
    await expect.poll(() => page.locator(".crm-row, [role=row]", { hasText: `Imported Rui ${stamp}` }).count(), LIVE).toBeGreaterThan(0);
  });
});
