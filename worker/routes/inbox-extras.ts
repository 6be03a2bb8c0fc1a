/** Templates, canned responses and contacts: the inbox's supporting resources, all org-scoped. */
import { and, asc, eq } from "drizzle-orm";
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb } from "../../db/client";
import { cannedResponses, contacts, conversations } from "../../db/schema";
import { summariesFor } from "../../durable/projection/conversation-summary";
import { AppError } from "../errors";
import { listTemplates, syncTemplates } from "../inbox/templates";
import { jsonBody } from "../middleware/json-body";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { cannedResponseBody, contactPatchBody } from "../schemas/inbox";
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
  const rows = await openDb(c.env.DB)
    .select()
    .from(cannedResponses)
    .where(eq(cannedResponses.orgId, c.get("auth").org.id))
    .orderBy(asc(cannedResponses.shortcut))
    .all();
  return c.json({ cannedResponses: rows });
});

cannedRoutes.post("/", requireRole("owner", "admin"), async (c) => {
  const body = await jsonBody(c, cannedResponseBody);
  const db = openDb(c.env.DB);
  const row = { id: crypto.randomUUID(), orgId: c.get("auth").org.id, ...body, updatedAt: Date.now() };
  try {
    await db.insert(cannedResponses).values(row);
  } catch (err) {
    if (String(err).includes("UNIQUE")) throw new AppError(409, "shortcut_taken", `/${body.shortcut} is already a canned response.`);
    throw err;
  }
  return c.json({ cannedResponse: row }, 201);
});

cannedRoutes.put("/:id", requireRole("owner", "admin"), async (c) => {
  const body = await jsonBody(c, cannedResponseBody);
  const res = await openDb(c.env.DB)
    .update(cannedResponses)
    .set({ ...body, updatedAt: Date.now() })
    .where(and(eq(cannedResponses.id, c.req.param("id")), eq(cannedResponses.orgId, c.get("auth").org.id)))
    .run();
  if (!res.meta.changes) throw new AppError(404, "canned_not_found", "No such canned response in your organization.");
  return c.json({ updated: true });
});

cannedRoutes.delete("/:id", requireRole("owner", "admin"), async (c) => {
  const res = await openDb(c.env.DB)
    .delete(cannedResponses)
    .where(and(eq(cannedResponses.id, c.req.param("id")), eq(cannedResponses.orgId, c.get("auth").org.id)))
    .run();
  if (!res.meta.changes) throw new AppError(404, "canned_not_found", "No such canned response in your organization.");
  return c.json({ deleted: true });
});

export const contactRoutes = new Hono<AppEnv>();
contactRoutes.use("*", requireSession());

const publicContact = ({ orgId: _o, ...c }: typeof contacts.$inferSelect) => c;

contactRoutes.get("/:id", async (c) => {
  const row = await openDb(c.env.DB)
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, c.req.param("id")), eq(contacts.orgId, c.get("auth").org.id)))
    .get();
  if (!row) throw new AppError(404, "contact_not_found", "No such contact in your organization.");
  return c.json({ contact: publicContact(row) });
});

contactRoutes.patch("/:id", async (c) => {
  const body = await jsonBody(c, contactPatchBody);
  const db = openDb(c.env.DB);
  const where = and(eq(contacts.id, c.req.param("id")), eq(contacts.orgId, c.get("auth").org.id));
  const tags = body.tags ? [...new Set(body.tags)] : undefined;
  const res = await db
    .update(contacts)
    .set({ ...body, ...(tags && { tags }), updatedAt: Date.now() })
    .where(where)
    .run();
  if (!res.meta.changes) throw new AppError(404, "contact_not_found", "No such contact in your organization.");
  // The name and tags show in every agent's list: push the conversation's fresh row.
  const orgId = c.get("auth").org.id;
  const conv = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.contactId, c.req.param("id")), eq(conversations.orgId, orgId)))
    .get();
  if (conv) c.executionCtx.waitUntil(summariesFor(db, orgId, [conv.id]).then((rows) => c.env.ORG_INBOX.getByName(orgId).publish(rows)));
  return c.json({ contact: publicContact((await db.select().from(contacts).where(where).get())!) });
});
