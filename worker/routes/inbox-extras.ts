/** Templates and canned responses: the inbox's supporting resources, all org-scoped. */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb } from "../../db/client";
import { AppError } from "../errors";
import { createCanned, deleteCanned, listCanned, updateCanned } from "../inbox/canned-responses";
import { listTemplates, syncTemplates } from "../inbox/templates";
import { jsonBody } from "../middleware/json-body";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { cannedResponseBody } from "../schemas/inbox";
import { GraphApiError } from "../whatsapp/graph-client";

export const templatesRoutes = new Hono<AppEnv>();
templatesRoutes.use("*", requireSession());

templatesRoutes.get("/", async (c) => {
  const rows = await listTemplates(openDb(c.env.DB), c.get("auth").org.id);
  return c.json({ templates: rows.map(({ orgId: _o, ...t }) => t) });
});

templatesRoutes.post("/sync", async (c) => {
  try {
    const count = await syncTemplates(c.env, openDb(c.env.DB), c.get("auth").org.id);
    return c.json({ synced: count });
  } catch (err) {
    if (err instanceof GraphApiError) throw new AppError(502, "template_sync_failed", `Meta did not return the templates: ${err.message}`);
    throw err;
  }
});

export const cannedRoutes = new Hono<AppEnv>();
cannedRoutes.use("*", requireSession());

cannedRoutes.get("/", async (c) => {
  return c.json({ cannedResponses: await listCanned(openDb(c.env.DB), c.get("auth").org.id) });
});

cannedRoutes.post("/", requireRole("owner", "admin"), async (c) => {
  const body = await jsonBody(c, cannedResponseBody);
  return c.json({ cannedResponse: await createCanned(openDb(c.env.DB), c.get("auth").org.id, body, Date.now()) }, 201);
});

cannedRoutes.put("/:id", requireRole("owner", "admin"), async (c) => {
  const body = await jsonBody(c, cannedResponseBody);
  return c.json({ cannedResponse: await updateCanned(openDb(c.env.DB), c.get("auth").org.id, c.req.param("id"), body, Date.now()) });
});

cannedRoutes.delete("/:id", requireRole("owner", "admin"), async (c) => {
  await deleteCanned(openDb(c.env.DB), c.get("auth").org.id, c.req.param("id"));
  return c.json({ deleted: true });
});
