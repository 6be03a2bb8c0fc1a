/** What admins define for the org's contacts: custom fields, lifecycle stages, labels. Everyone may read them. */
import { and, asc, eq } from "drizzle-orm";
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb } from "../../db/client";
import { labels } from "../../db/tables/crm";
import { createCustomField, deleteCustomField, listCustomFields, updateCustomField } from "../crm/custom-fields";
import { listStages, saveStages } from "../crm/stages";
import { stageCounts } from "../crm/stage-board";
import { AppError } from "../errors";
import { isUniqueViolation } from "../crm/unique-violation";
import { jsonBody } from "../middleware/json-body";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { customFieldBody, customFieldUpdateBody, labelBody, stagesBody } from "../schemas/contacts";

const admin = requireRole("owner", "admin");

export const customFieldRoutes = new Hono<AppEnv>();
customFieldRoutes.use("*", requireSession());
customFieldRoutes.get("/", async (c) => c.json({ fields: await listCustomFields(openDb(c.env.DB), c.get("auth").org.id) }));
customFieldRoutes.post("/", admin, async (c) => {
  const body = await jsonBody(c, customFieldBody);
  return c.json({ field: await createCustomField(openDb(c.env.DB), c.get("auth").org.id, body) }, 201);
});
customFieldRoutes.patch("/:id", admin, async (c) => {
  const body = await jsonBody(c, customFieldUpdateBody);
  return c.json({ field: await updateCustomField(openDb(c.env.DB), c.get("auth").org.id, c.req.param("id"), body) });
});
customFieldRoutes.delete("/:id", admin, async (c) => {
  await deleteCustomField(openDb(c.env.DB), c.get("auth").org.id, c.req.param("id"));
  return c.json({ deleted: true });
});

export const stageRoutes = new Hono<AppEnv>();
stageRoutes.use("*", requireSession());
stageRoutes.get("/", async (c) => c.json({ stages: await listStages(openDb(c.env.DB), c.get("auth").org.id) }));
stageRoutes.put("/", admin, async (c) => {
  const { stages } = await jsonBody(c, stagesBody);
  return c.json({ stages: await saveStages(openDb(c.env.DB), c.get("auth").org.id, stages) });
});
/** The stage board's columns: how many contacts and the sum of their lead scores in each stage. */
stageRoutes.get("/board", async (c) => c.json(await stageCounts(openDb(c.env.DB), c.get("auth").org.id)));

export const labelRoutes = new Hono<AppEnv>();
labelRoutes.use("*", requireSession());
labelRoutes.get("/", async (c) => {
  const rows = await openDb(c.env.DB)
    .select({ id: labels.id, name: labels.name, color: labels.color })
    .from(labels)
    .where(eq(labels.orgId, c.get("auth").org.id))
    .orderBy(asc(labels.name))
    .all();
  return c.json({ labels: rows });
});
labelRoutes.post("/", admin, async (c) => {
  const body = await jsonBody(c, labelBody);
  const row = { id: `lb_${crypto.randomUUID()}`, orgId: c.get("auth").org.id, ...body };
  try {
    await openDb(c.env.DB).insert(labels).values(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(409, "label_taken", `name: a label "${body.name}" already exists.`);
    throw err;
  }
  return c.json({ label: { id: row.id, name: row.name, color: row.color } }, 201);
});
labelRoutes.delete("/:id", admin, async (c) => {
  const res = await openDb(c.env.DB)
    .delete(labels)
    .where(and(eq(labels.id, c.req.param("id")), eq(labels.orgId, c.get("auth").org.id)))
    .run();
  if (!res.meta.changes) throw new AppError(404, "label_not_found", "No such label in your organization.");
  return c.json({ deleted: true });
});
