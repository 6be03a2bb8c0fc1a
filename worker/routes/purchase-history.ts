/** A contact's purchase history and predictions, and the org's "Due to reorder" list. */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb } from "../../db/client";
import { dueReorders, purchaseHistory } from "../commerce/history-queries";
import { queryParams } from "../middleware/query-params";
import { requireSession } from "../middleware/require-session";
import { dueQuery } from "../schemas/commerce";

export const purchaseHistoryRoutes = new Hono<AppEnv>();
purchaseHistoryRoutes.use("*", requireSession());
purchaseHistoryRoutes.get("/:contactId", async (c) =>
  c.json(await purchaseHistory(openDb(c.env.DB), c.get("auth").org.id, c.req.param("contactId"))),
);

export const reorderRoutes = new Hono<AppEnv>();
reorderRoutes.use("*", requireSession());
reorderRoutes.get("/", async (c) => {
  const q = queryParams(c, dueQuery);
  return c.json({ due: await dueReorders(openDb(c.env.DB), c.get("auth").org.id, q.window, q.limit) });
});
