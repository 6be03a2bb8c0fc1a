/** Saved segments: named contact filters with their live counts; Broadcasts use them as audiences. */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb } from "../../db/client";
import { countContacts } from "../crm/list-contacts";
import { filterContext } from "../crm/filter-context";
import { deleteSegment, findSegment, listSegments, saveSegment, segmentCondition } from "../crm/segments";
import { filterSql } from "../crm/contact-filter";
import { jsonBody } from "../middleware/json-body";
import { requireSession } from "../middleware/require-session";
import { segmentBody } from "../schemas/contacts";

export const segmentRoutes = new Hono<AppEnv>();
segmentRoutes.use("*", requireSession());

segmentRoutes.get("/", async (c) => {
  const db = openDb(c.env.DB);
  const orgId = c.get("auth").org.id;
  const ctx = await filterContext(db, orgId);
  const rows = await listSegments(db, orgId);
  const counts = await Promise.all(rows.map(async (s) => countContacts(db, await segmentCondition(db, orgId, s.id, ctx))));
  return c.json({ segments: rows.map((s, i) => ({ ...s, count: counts[i] })) });
});

segmentRoutes.post("/", async (c) => {
  const body = await jsonBody(c, segmentBody);
  const db = openDb(c.env.DB);
  const { org, user } = c.get("auth");
  // Compiling the filter refuses unknown fields and bad values before anything is saved.
  filterSql(org.id, body.filter, await filterContext(db, org.id));
  return c.json({ segment: await saveSegment(db, org.id, user.id, body) }, 201);
});

segmentRoutes.get("/:id", async (c) => {
  const db = openDb(c.env.DB);
  const orgId = c.get("auth").org.id;
  const segment = await findSegment(db, orgId, c.req.param("id"));
  const count = await countContacts(db, await segmentCondition(db, orgId, segment.id, await filterContext(db, orgId)));
  return c.json({ segment: { ...segment, count } });
});

segmentRoutes.put("/:id", async (c) => {
  const body = await jsonBody(c, segmentBody);
  const db = openDb(c.env.DB);
  const { org, user } = c.get("auth");
  filterSql(org.id, body.filter, await filterContext(db, org.id));
  return c.json({ segment: await saveSegment(db, org.id, user.id, body, c.req.param("id")) });
});

segmentRoutes.delete("/:id", async (c) => {
  await deleteSegment(openDb(c.env.DB), c.get("auth").org.id, c.req.param("id"));
  return c.json({ deleted: true });
});
