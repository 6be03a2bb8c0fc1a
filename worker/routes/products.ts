/** The product catalog: everyone reads it, admins and owners change it. */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb } from "../../db/client";
import { exportProductsCsv, importProducts } from "../commerce/product-csv";
import { createProduct, deleteProduct, getProduct, listProducts, publicProduct, updateProduct } from "../commerce/products";
import { jsonBody } from "../middleware/json-body";
import { queryParams } from "../middleware/query-params";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { listProductsQuery, productBody, productImportBody, productPatchBody } from "../schemas/commerce";
import { csvResponse } from "./csv-response";
import { dropProductImage, productImageResponse, removeProductImage, setProductImage } from "../commerce/product-images";

export const productRoutes = new Hono<AppEnv>();
productRoutes.use("*", requireSession());
const admins = requireRole("owner", "admin");
const orgOf = (c: { get(k: "auth"): AppEnv["Variables"]["auth"] }) => c.get("auth").org.id;

productRoutes.get("/", async (c) => c.json(await listProducts(openDb(c.env.DB), orgOf(c), queryParams(c, listProductsQuery))));

productRoutes.get("/export.csv", async (c) => csvResponse(c, "products.csv", await exportProductsCsv(openDb(c.env.DB), orgOf(c))));

productRoutes.post("/import", admins, async (c) => {
  const { csv } = await jsonBody(c, productImportBody);
  return c.json(await importProducts(openDb(c.env.DB), orgOf(c), csv));
});

productRoutes.post("/", admins, async (c) => {
  const body = await jsonBody(c, productBody, { invalidStatus: 422 });
  return c.json({ product: publicProduct(await createProduct(openDb(c.env.DB), orgOf(c), body)) }, 201);
});

productRoutes.get("/:id", async (c) => c.json({ product: publicProduct(await getProduct(openDb(c.env.DB), orgOf(c), c.req.param("id"))) }));

productRoutes.patch("/:id", admins, async (c) => {
  const body = await jsonBody(c, productPatchBody, { invalidStatus: 422 });
  return c.json({ product: publicProduct(await updateProduct(openDb(c.env.DB), orgOf(c), c.req.param("id"), body)) });
});

productRoutes.delete("/:id", admins, async (c) => {
  const db = openDb(c.env.DB);
  const product = await getProduct(db, orgOf(c), c.req.param("id"));
  await deleteProduct(db, orgOf(c), product.id);
  c.executionCtx.waitUntil(dropProductImage(c.env, product));
  return c.json({ deleted: true });
});

productRoutes.get("/:id/image", async (c) => productImageResponse(c, openDb(c.env.DB), orgOf(c), c.req.param("id")));

productRoutes.post("/:id/image", admins, async (c) =>
  c.json({ product: publicProduct(await setProductImage(c, openDb(c.env.DB), orgOf(c), c.req.param("id"))) }),
);

productRoutes.delete("/:id/image", admins, async (c) =>
  c.json({ product: publicProduct(await removeProductImage(c, openDb(c.env.DB), orgOf(c), c.req.param("id"))) }),
);
