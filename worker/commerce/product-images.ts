/**
 * A product's photo, in R2 under the org's media prefix (so the org's purge removes it). Each upload gets
 * a fresh key and the product row points at it, so the image's URL changes with it (`?v=`) and can be
 * cached for a long time; the previous object is deleted once the row points elsewhere. The declared type
 * must match the file's first bytes: a renamed file is refused rather than served as something it is not.
 */
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import type { Db } from "../../db/client";
import { type Product, products } from "../../db/tables/commerce";
import type { AppEnv } from "../app-env";
import { AppError } from "../errors";
import { getProduct } from "./products";

export const MAX_PRODUCT_IMAGE_BYTES = 5 * 1024 * 1024;

const SIGNATURES: Record<string, (b: Uint8Array) => boolean> = {
  "image/jpeg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/png": (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x),
  "image/webp": (b) => String.fromCharCode(...b.slice(0, 4)) === "RIFF" && String.fromCharCode(...b.slice(8, 12)) === "WEBP",
};

const imageKey = (orgId: string, productId: string) => `media/${orgId}/products/${productId}/${crypto.randomUUID()}`;

/** The body is the image's bytes; its Content-Type says which format. */
export async function setProductImage(c: Context<AppEnv>, db: Db, orgId: string, productId: string): Promise<Product> {
  const before = await getProduct(db, orgId, productId);
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const matches = SIGNATURES[type];
  if (!matches) throw new AppError(415, "unsupported_image", "Product photos must be JPEG, PNG or WebP images.");
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (!bytes.byteLength) throw new AppError(400, "empty_upload", "The file is empty.");
  if (bytes.byteLength > MAX_PRODUCT_IMAGE_BYTES) throw new AppError(413, "payload_too_large", "Product photos are limited to 5 MB.");
  if (!matches(bytes)) throw new AppError(415, "unsupported_image", `The file is not a ${type.slice(6).toUpperCase()} image.`);
  const key = imageKey(orgId, productId);
  await c.env.MEDIA.put(key, bytes, { httpMetadata: { contentType: type } });
  const res = await db
    .update(products)
    .set({ imageKey: key, updatedAt: Date.now() })
    .where(and(eq(products.id, productId), eq(products.orgId, orgId)))
    .run();
  if (!res.meta.changes) {
    // Deleted meanwhile: nothing points at the new object.
    await c.env.MEDIA.delete(key);
    return getProduct(db, orgId, productId);
  }
  if (before.imageKey) await c.env.MEDIA.delete(before.imageKey);
  return getProduct(db, orgId, productId);
}

export async function removeProductImage(c: Context<AppEnv>, db: Db, orgId: string, productId: string): Promise<Product> {
  const before = await getProduct(db, orgId, productId);
  if (!before.imageKey) throw new AppError(404, "image_not_found", "This product has no photo.");
  await db
    .update(products)
    .set({ imageKey: null, updatedAt: Date.now() })
    .where(and(eq(products.id, productId), eq(products.orgId, orgId)))
    .run();
  await c.env.MEDIA.delete(before.imageKey);
  return getProduct(db, orgId, productId);
}

/** Keys change with every upload, so a photo can be cached as long as the browser likes. */
export async function productImageResponse(c: Context<AppEnv>, db: Db, orgId: string, productId: string): Promise<Response> {
  const product = await getProduct(db, orgId, productId);
  const object = product.imageKey ? await c.env.MEDIA.get(product.imageKey) : null;
  if (!object) throw new AppError(404, "image_not_found", "This product has no photo.");
  return new Response(object.body, {
    headers: {
      "content-type": object.httpMetadata?.contentType ?? "application/octet-stream",
      "cache-control": "private, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
      etag: object.httpEtag,
    },
  });
}

/** Deleting a product takes its photo along. */
export async function dropProductImage(env: Env, product: Pick<Product, "imageKey">): Promise<void> {
  if (product.imageKey) await env.MEDIA.delete(product.imageKey);
}
