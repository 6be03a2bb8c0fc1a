/** Templates, canned responses and contacts: the inbox's supporting resources, all org-scoped. */
import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb } from "../../db/client";
import { contacts, conversations } from "../../db/schema";
import { summariesFor } from "../../durable/projection/conversation-summary";
import { AppError } from "../errors";
import { createCanned, deleteCanned, listCanned, updateCanned } from "../inbox/canned-responses";
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
