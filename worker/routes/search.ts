/** Search every message of the organization (agents), and the index's state and rebuild (admins). */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb } from "../../db/client";
import { queryParams } from "../middleware/query-params";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { searchQuery } from "../schemas/search";
import { searchMessages } from "../search/search-messages";

export const searchRoutes = new Hono<AppEnv>();
searchRoutes.use("*", requireSession());
searchRoutes.use("/index", requireRole("owner", "admin"));
searchRoutes.use("/index/*", requireRole("owner", "admin"));

searchRoutes.get("/messages", async (c) => {
  const { org, user } = c.get("auth");
  const deps = { db: openDb(c.env.DB), index: c.env.SEARCH_INDEX.getByName(org.id) };
  return c.json(await searchMessages(deps, { orgId: org.id, userId: user.id }, queryParams(c, searchQuery)));
});

searchRoutes.get("/index", async (c) => c.json(await c.env.SEARCH_INDEX.getByName(c.get("auth").org.id).stats()));

/** Reads every room of the org into the index again (202); its progress is GET /index's `rebuild`. */
searchRoutes.post("/index/rebuild", async (c) => {
  const orgId = c.get("auth").org.id;
  return c.json({ rebuild: await c.env.SEARCH_INDEX.getByName(orgId).startRebuild(orgId) }, 202);
});
