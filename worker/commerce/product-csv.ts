/**
 * Catalog CSV: export every product, import rows by SKU (new SKUs are created, known ones updated).
 * An import is all or nothing: every row is checked first, and one bad row means 422 listing the bad
 * rows with nothing written. Catalogs are hundreds to a few thousand rows, so it runs in the request.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { safeParse } from "zod";
import type { Db } from "../../db/client";
import { type Product, products } from "../../db/tables/commerce";
import { parseCsv, toCsv } from "../csv/csv";
import { AppError } from "../errors";
import { productBody, type ProductBody } from "../schemas/commerce";
import { formatAmount, parseAmount } from "./order-math";
import { newProductRow } from "./products";

export const MAX_IMPORT_ROWS = 5000;
export const PRODUCT_CSV_COLUMNS = [
  "sku",
  "name",
  "price",
  "currency",
  "unit",
  "active",
  "retailer_id",
  "reorder_interval_days",
  "description",
];

export async function exportProductsCsv(db: Db, orgId: string): Promise<string> {
  const rows = await db.select().from(products).where(eq(products.orgId, orgId)).orderBy(asc(products.sku)).all();
  return toCsv(
    PRODUCT_CSV_COLUMNS,
    rows.map((p) => [
      p.sku,
      p.name,
      formatAmount(p.priceMinor, p.currency),
      p.currency,
      p.unit,
      p.active ? "yes" : "no",
      p.retailerId,
      p.reorderIntervalDays,
      p.description,
    ]),
  );
}

export interface RowError {
  row: number;
  message: string;
}

/** Text rows → product bodies, or the reasons rows were refused (row numbers as a spreadsheet shows them). */
export function readProductRows(csv: string): { bodies: ProductBody[]; errors: RowError[] } {
  const [header, ...rows] = parseCsv(csv);
  if (!header) throw new AppError(422, "csv_empty", "The file has no rows.");
  const cols = header.map((h) => h.trim().toLowerCase().replace(/\s+/g, "_"));
  for (const needed of ["sku", "name", "price", "currency"])
    if (!cols.includes(needed)) throw new AppError(422, "csv_columns", `The first row must name the columns; "${needed}" is missing.`);
  if (rows.length > MAX_IMPORT_ROWS) throw new AppError(422, "csv_too_large", `Import at most ${MAX_IMPORT_ROWS} products at a time.`);
  const bodies: ProductBody[] = [];
  const errors: RowError[] = [];
  const seen = new Set<string>();
  for (const [i, fields] of rows.entries()) {
    const row = i + 2;
    const get = (name: string) => {
      const at = cols.indexOf(name);
      return at < 0 ? "" : (fields[at] ?? "").trim();
    };
    const currency = get("currency").toUpperCase();
    const priceMinor = parseAmount(get("price"), currency || "EUR");
    if (priceMinor === null) {
      errors.push({ row, message: `price "${get("price")}" is not an amount in ${currency || "the currency"}.` });
      continue;
    }
    const active = get("active").toLowerCase();
    const interval = get("reorder_interval_days");
    const candidate = {
      sku: get("sku"),
      name: get("name"),
      priceMinor,
      currency,
      ...(get("unit") && { unit: get("unit") }),
      active: !["no", "false", "0", "inactive"].includes(active),
      retailerId: get("retailer_id") || null,
      reorderIntervalDays: interval ? Number(interval) : null,
      description: get("description") || null,
    };
    const parsed = safeParse(productBody, candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      errors.push({ row, message: `${issue.path.join(".") || "row"}: ${issue.message}` });
      continue;
    }
    if (seen.has(parsed.data.sku)) {
      errors.push({ row, message: `SKU ${parsed.data.sku} appears twice in the file.` });
      continue;
    }
    seen.add(parsed.data.sku);
    bodies.push(parsed.data);
  }
  return { bodies, errors };
}

/** D1 limits bound parameters per statement; 10 columns × 8 rows stays well inside it. */
const ROWS_PER_INSERT = 8;

export async function importProducts(db: Db, orgId: string, csv: string): Promise<{ created: number; updated: number }> {
  const { bodies, errors } = readProductRows(csv);
  if (errors.length) {
    const list = errors
      .slice(0, 10)
      .map((e) => `row ${e.row}: ${e.message}`)
      .join("; ");
    throw new AppError(
      422,
      "csv_invalid",
      `Nothing was imported. ${errors.length} row${errors.length > 1 ? "s" : ""} need fixing: ${list}`,
    );
  }
  if (!bodies.length) return { created: 0, updated: 0 };
  const known = new Set<string>();
  for (let i = 0; i < bodies.length; i += 90) {
    const skus = bodies.slice(i, i + 90).map((b) => b.sku);
    const rows = await db
      .select({ sku: products.sku })
      .from(products)
      .where(and(eq(products.orgId, orgId), inArray(products.sku, skus)))
      .all();
    for (const r of rows) known.add(r.sku);
  }
  const now = Date.now();
  const rows: Product[] = bodies.map((b) => newProductRow(orgId, b, now));
  const statements = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    statements.push(
      db
        .insert(products)
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .onConflictDoUpdate({
          target: [products.orgId, products.sku],
          set: {
            name: sql`excluded.name`,
            priceMinor: sql`excluded.price_minor`,
            currency: sql`excluded.currency`,
            unit: sql`excluded.unit`,
            active: sql`excluded.active`,
            retailerId: sql`excluded.retailer_id`,
            reorderIntervalDays: sql`excluded.reorder_interval_days`,
            description: sql`excluded.description`,
            updatedAt: sql`excluded.updated_at`,
          },
        }),
    );
  }
  try {
    // One batch is one transaction: a clash on a retailer id leaves the catalog as it was.
    await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]]);
  } catch (err) {
    if (String(err instanceof Error && err.cause ? err.cause : err).includes("UNIQUE"))
      throw new AppError(409, "retailer_id_taken", "Nothing was imported: a retailer id in the file belongs to another product.");
    throw err;
  }
  const updated = bodies.filter((b) => known.has(b.sku)).length;
  return { created: bodies.length - updated, updated };
}
