/** The product catalog API: CRUD, unique SKUs and retailer ids per org, roles, money validation, CSV. */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { products } from "../../db/tables/commerce";
import { addMember } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { addProduct } from "../support/commerce";
import { workspace } from "../support/live";
import { db } from "../support/parley";

const catalogOf = (orgId: string) => db().select().from(products).where(eq(products.orgId, orgId)).all();

describe("products", { timeout: 30_000 }, () => {
  it("creates, lists with search, updates and deletes; SKUs are unique within the org only", async () => {
    const a = await workspace();
    const b = await workspace();
    const mug = await addProduct(a.owner, { sku: "MUG-1", name: "Blue mug", priceMinor: 1250, currency: "eur", reorderIntervalDays: 30 });
    expect(mug).toMatchObject({ sku: "MUG-1", currency: "EUR", priceMinor: 1250, unit: "unit", active: true, reorderIntervalDays: 30 });
    await addProduct(a.owner, { sku: "POT-1", name: "Teapot", priceMinor: 3499, currency: "EUR" });
    // The same SKU in another org is fine.
    await addProduct(b.owner, { sku: "MUG-1", name: "Other mug", priceMinor: 100, currency: "EUR" });
    await expectError(
      await a.owner.browser.post("/api/products", { sku: "MUG-1", name: "Dup", priceMinor: 1, currency: "EUR" }),
      409,
      "sku_taken",
    );

    const found = await expectJson<{ products: { sku: string }[] }>(await a.owner.browser.get("/api/products?q=teap"));
    expect(found.products.map((p) => p.sku)).toEqual(["POT-1"]);
    const all = await expectJson<{ products: { sku: string }[] }>(await a.owner.browser.get("/api/products"));
    expect(all.products.map((p) => p.sku)).toEqual(["MUG-1", "POT-1"]);

    const { product } = await expectJson<{ product: { priceMinor: number; active: boolean } }>(
      await a.owner.browser.patch(`/api/products/${mug.id}`, { priceMinor: 1300, active: false }),
    );
    expect(product).toMatchObject({ priceMinor: 1300, active: false });
    const active = await expectJson<{ products: { sku: string }[] }>(await a.owner.browser.get("/api/products?active=active"));
    expect(active.products.map((p) => p.sku)).toEqual(["POT-1"]);

    await expectJson(await a.owner.browser.delete(`/api/products/${mug.id}`));
    expect((await catalogOf(a.orgId)).map((p) => p.sku)).toEqual(["POT-1"]);
  });

  it("refuses float prices, negative prices and bad currencies with 422 naming the field, storing nothing", async () => {
    const a = await workspace();
    const base = { sku: "X-1", name: "Thing", priceMinor: 100, currency: "EUR" };
    await expectError(await a.owner.browser.post("/api/products", { ...base, priceMinor: 12.5 }), 422, "invalid_body", "priceMinor");
    await expectError(await a.owner.browser.post("/api/products", { ...base, priceMinor: -1 }), 422, "invalid_body", "cannot be negative");
    await expectError(await a.owner.browser.post("/api/products", { ...base, currency: "EURO" }), 422, "invalid_body", "currency");
    await expectError(await a.owner.browser.post("/api/products", { ...base, sku: "" }), 422, "invalid_body", "sku");
    expect(await catalogOf(a.orgId)).toEqual([]);
  });

  it("retailer ids map one product each", async () => {
    const a = await workspace();
    await addProduct(a.owner, { sku: "A", name: "A", priceMinor: 1, currency: "EUR", retailerId: "RID-1" });
    await expectError(
      await a.owner.browser.post("/api/products", { sku: "B", name: "B", priceMinor: 1, currency: "EUR", retailerId: "RID-1" }),
      409,
      "retailer_id_taken",
    );
  });

  it("agents read the catalog but only admins and owners change it", async () => {
    const a = await workspace();
    const agent = await addMember(a.owner, "agent");
    const mug = await addProduct(a.owner, { sku: "MUG-1", name: "Blue mug", priceMinor: 1250, currency: "EUR" });
    await expectJson(await agent.browser.get("/api/products"));
    await expectJson(await agent.browser.get(`/api/products/${mug.id}`));
    await expectError(await agent.browser.post("/api/products", { sku: "Z", name: "Z", priceMinor: 1, currency: "EUR" }), 403, "forbidden");
    await expectError(await agent.browser.patch(`/api/products/${mug.id}`, { priceMinor: 1 }), 403, "forbidden");
    await expectError(await agent.browser.delete(`/api/products/${mug.id}`), 403, "forbidden");
    await expectError(await agent.browser.post("/api/products/import", { csv: "sku,name,price,currency\nQ,Q,1.00,EUR" }), 403, "forbidden");
    const admin = await addMember(a.owner, "admin");
    await expectJson(await admin.browser.patch(`/api/products/${mug.id}`, { priceMinor: 1 }));
    expect((await catalogOf(a.orgId)).map((p) => [p.sku, p.priceMinor])).toEqual([["MUG-1", 1]]);
  });

  it("imports a CSV (creating new SKUs, updating known ones) and exports it back", async () => {
    const a = await workspace();
    await addProduct(a.owner, { sku: "MUG-1", name: "Old name", priceMinor: 1, currency: "EUR" });
    const csv = [
      "SKU,Name,Price,Currency,Unit,Active,Retailer ID,Reorder interval days,Description",
      'MUG-1,Blue mug,12.50,EUR,unit,yes,SKU-MUG-BLUE,30,"Glazed, 300 ml"',
      "TEA-1,Green tea,8,EUR,bag,no,,,",
      "YEN-1,Matcha,1200,JPY,tin,yes,,45,",
    ].join("\r\n");
    const result = await expectJson<{ created: number; updated: number }>(await a.owner.browser.post("/api/products/import", { csv }));
    expect(result).toEqual({ created: 2, updated: 1 });
    const rows = await catalogOf(a.orgId);
    const bySku = Object.fromEntries(rows.map((p) => [p.sku, p]));
    expect(bySku["MUG-1"]).toMatchObject({
      name: "Blue mug",
      priceMinor: 1250,
      retailerId: "SKU-MUG-BLUE",
      reorderIntervalDays: 30,
      description: "Glazed, 300 ml",
    });
    expect(bySku["TEA-1"]).toMatchObject({ priceMinor: 800, unit: "bag", active: false, retailerId: null });
    expect(bySku["YEN-1"]).toMatchObject({ priceMinor: 1200, currency: "JPY" });

    const res = await a.owner.browser.get("/api/products/export.csv");
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const text = await res.text();
    expect(text.split("\r\n")[0]).toBe("sku,name,price,currency,unit,active,retailer_id,reorder_interval_days,description");
    expect(text).toContain('MUG-1,Blue mug,12.50,EUR,unit,yes,SKU-MUG-BLUE,30,"Glazed, 300 ml"');
    expect(text).toContain("TEA-1,Green tea,8.00,EUR,bag,no,,,");
    // The export imports back unchanged.
    expect(await expectJson(await a.owner.browser.post("/api/products/import", { csv: text }))).toEqual({ created: 0, updated: 3 });
  });

  it("a CSV with a bad row imports nothing and says which rows", async () => {
    const a = await workspace();
    const csv = "sku,name,price,currency\nOK-1,Fine,1.00,EUR\nBAD-1,Bad,12.345,EUR\nOK-1,Again,1.00,EUR\n";
    const message = await expectError(await a.owner.browser.post("/api/products/import", { csv }), 422, "csv_invalid");
    expect(message).toContain("row 3");
    expect(message).toContain("row 4: SKU OK-1 appears twice");
    expect(await catalogOf(a.orgId)).toEqual([]);
    await expectError(await a.owner.browser.post("/api/products/import", { csv: "sku,name\nA,B" }), 422, "csv_columns", "price");
  });

  it("exports cells that would run as spreadsheet formulas as text", async () => {
    const a = await workspace();
    await addProduct(a.owner, { sku: "F-1", name: '=HYPERLINK("http://x")', priceMinor: 1, currency: "EUR" });
    const text = await (await a.owner.browser.get("/api/products/export.csv")).text();
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
  });
});
