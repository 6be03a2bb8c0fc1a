/** The product catalog: org-scoped CRUD. SKUs and Meta retailer ids are unique within an org. */
import { and, asc, eq, like, or, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type Product, products } from "../../db/tables/commerce";
import { AppError } from "../errors";
import type { ListProductsQuery, ProductBody, ProductPatchBody } from "../schemas/commerce";

export type PublicProduct = Omit<Product, "orgId">;
export const publicProduct = ({ orgId: _o, ...p }: Product): PublicProduct => p;

const notFound = () => new AppError(404, "product_not_found", "No such product in your organization.");

/** A UNIQUE failure names the index; turn it into the field the person must change. */
export function uniqueConflict(err: unknown, sku: string | undefined, retailerId: string | null | undefined): AppError | null {
  const text = String(err instanceof Error && err.cause ? err.cause : err);
  if (!text.includes("UNIQUE")) return null;
  if (text.includes("retailer_id")) return new AppError(409, "retailer_id_taken", `Another product already has retailer id ${retailerId}.`);
  return new AppError(409, "sku_taken", `Another product already has SKU ${sku}.`);
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export async function listProducts(db: Db, orgId: string, q: ListProductsQuery): Promise<{ products: PublicProduct[]; total: number }> {
  const where: (SQL | undefined)[] = [eq(products.orgId, orgId)];
  if (q.active !== "all") where.push(eq(products.active, q.active === "active"));
  if (q.q) {
    const pattern = `%${likeEscape(q.q)}%`;
    where.push(or(like(products.name, pattern), like(products.sku, pattern), like(products.retailerId, pattern)));
  }
  const rows = await db
    .select()
    .from(products)
    .where(and(...where))
    .orderBy(asc(products.name), asc(products.id))
    .limit(q.limit + 1)
    .offset(q.offset)
    .all();
  return { products: rows.slice(0, q.limit).map(publicProduct), total: q.offset + rows.length };
}

export async function getProduct(db: Db, orgId: string, id: string): Promise<Product> {
  const row = await db
    .select()
    .from(products)
    .where(and(eq(products.id, id), eq(products.orgId, orgId)))
    .get();
  if (!row) throw notFound();
  return row;
}

export function newProductRow(orgId: string, body: ProductBody, now: number): Product {
  return {
    id: `prd_${crypto.randomUUID()}`,
    orgId,
    sku: body.sku,
    name: body.name,
    description: body.description || null,
    priceMinor: body.priceMinor,
    currency: body.currency,
    unit: body.unit ?? "unit",
    imageKey: null,
    active: body.active ?? true,
    retailerId: body.retailerId || null,
    reorderIntervalDays: body.reorderIntervalDays ?? null,
    createdAt: now,
    updatedAt: now,
  };
}

export async function createProduct(db: Db, orgId: string, body: ProductBody): Promise<Product> {
  const row = newProductRow(orgId, body, Date.now());
  try {
    await db.insert(products).values(row);
  } catch (err) {
    throw uniqueConflict(err, row.sku, row.retailerId) ?? err;
  }
  return row;
}

export async function updateProduct(db: Db, orgId: string, id: string, body: ProductPatchBody): Promise<Product> {
  const change = {
    ...body,
    ...("description" in body && { description: body.description || null }),
    ...("retailerId" in body && { retailerId: body.retailerId || null }),
    updatedAt: Date.now(),
  };
  let changed: number;
  try {
    const res = await db
      .update(products)
      .set(change)
      .where(and(eq(products.id, id), eq(products.orgId, orgId)))
      .run();
    changed = res.meta.changes;
  } catch (err) {
    throw uniqueConflict(err, body.sku, body.retailerId) ?? err;
  }
  if (!changed) throw notFound();
  return getProduct(db, orgId, id);
}

/** Order lines keep their copy of name, SKU and price, so deleting a product changes no past order. */
export async function deleteProduct(db: Db, orgId: string, id: string): Promise<void> {
  const res = await db
    .delete(products)
    .where(and(eq(products.id, id), eq(products.orgId, orgId)))
    .run();
  if (!res.meta.changes) throw notFound();
}
