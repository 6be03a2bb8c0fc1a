/** The contacts API: list (filter, sort, cursor), read, edit field by field (live to every agent), bulk actions. */
import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { openDb } from "../../db/client";
import { BULK_WRITES, bulkUpdate, byIds } from "../crm/bulk";
import { getContact, publishBulk, publishContactEdit } from "../crm/contacts";
import { filterSql } from "../crm/contact-filter";
import { filterContext } from "../crm/filter-context";
import { listCondition, listContacts } from "../crm/list-contacts";
import { listCustomFields } from "../crm/custom-fields";
import { exportContactsCsv } from "../crm/export-contacts";
import { contactTimeline } from "../crm/timeline";
import { findContact, updateContact } from "../crm/update-contact";
import { actionKey, emitAutomation, type AutomationEvent } from "../automation/events";
import { emitDomainEvents } from "../integrations/emit-domain";
import { emitWebhooks, outgoingEvent } from "../integrations/events";
import type { Contact } from "../../db/schema";
import type { ContactPatch } from "../schemas/contacts";
import { AppError } from "../errors";
import { jsonBody } from "../middleware/json-body";
import { queryParams } from "../middleware/query-params";
import { requireSession } from "../middleware/require-session";
import { bulkBody, contactPatchBody, createContactBody, listContactsQuery } from "../schemas/contacts";
import { createContact } from "../crm/create-contact";

export const contactRoutes = new Hono<AppEnv>();
contactRoutes.use("*", requireSession());

const actor = (c: Context<AppEnv>) => ({ orgId: c.get("auth").org.id, userId: c.get("auth").user.id });

contactRoutes.get("/", async (c) => c.json(await listContacts(openDb(c.env.DB), c.get("auth").org.id, queryParams(c, listContactsQuery))));

/** Streams the list's matches (same q/filter/segmentId as GET /) as CSV. */
contactRoutes.get("/export", async (c) => {
  const q = queryParams(c, listContactsQuery);
  const db = openDb(c.env.DB);
  const orgId = c.get("auth").org.id;
  const [where, ctx, fields] = await Promise.all([listCondition(db, orgId, q), filterContext(db, orgId), listCustomFields(db, orgId)]);
  return new Response(exportContactsCsv(db, where, fields, ctx.firstStage), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="contacts-${new Date().toISOString().slice(0, 10)}.csv"`,
    },
  });
});

contactRoutes.post("/", async (c) => {
  const body = await jsonBody(c, createContactBody);
  const db = openDb(c.env.DB);
  const who = actor(c);
  const contact = await createContact(db, who, body);
  c.executionCtx.waitUntil(c.env.ORG_INBOX.getByName(who.orgId).publishContactsChanged(1));
  c.executionCtx.waitUntil(
    emitDomainEvents(c.env, db, who.orgId, [
      { key: actionKey("contact.created", contact.id), type: "contact.created", contactId: contact.id, at: Date.now() },
    ]),
  );
  return c.json({ contact }, 201);
});

contactRoutes.post("/bulk", async (c) => {
  const body = await jsonBody(c, bulkBody);
  const who = actor(c);
  // Agents edit contacts; deleting them is for admins and owners.
  if (body.action.type === "delete" && c.get("auth").user.role === "agent") {
    throw new AppError(403, "forbidden", "Deleting contacts needs the owner or admin role.");
  }
  const db = openDb(c.env.DB);
  const ctx = await filterContext(db, who.orgId);
  const where = body.ids ? byIds(who.orgId, body.ids) : filterSql(who.orgId, body.filter, ctx);
  const result = await bulkUpdate(db, who, where, body.action, ctx.firstStage);
  c.executionCtx.waitUntil(publishBulk(c.env, who.orgId, result.rows, BULK_WRITES[body.action.type], result.deletedIds, who.userId));
  return c.json({ count: result.count });
});

contactRoutes.get("/:id", async (c) => c.json({ contact: await getContact(openDb(c.env.DB), c.get("auth").org.id, c.req.param("id")) }));

contactRoutes.patch("/:id", async (c) => {
  const body = await jsonBody(c, contactPatchBody);
  const db = openDb(c.env.DB);
  const who = actor(c);
  const id = c.req.param("id");
  // Rules react to a new stage or tag, so what it was before is read first (only when the patch touches them).
  const before = body.stage !== undefined || body.tags !== undefined ? await findContact(db, who.orgId, id) : null;
  const edit = await updateContact(db, who, id, body);
  c.executionCtx.waitUntil(publishContactEdit(c.env, db, who.orgId, id, edit, who.userId));
  if (before) c.executionCtx.waitUntil(emitAutomation(c.env, db, who.orgId, contactEvents(id, before, body)));
  // Webhooks hear every edit (rules only stage and tag changes): which fields, at which version.
  c.executionCtx.waitUntil(
    emitWebhooks(
      c.env,
      db,
      who.orgId,
      outgoingEvent(who.orgId, `contact.updated:${id}:${edit.version}`, "contact.updated", Date.now(), {
        contactId: id,
        fields: Object.keys(body),
        version: edit.version,
      }).then((e) => [e]),
    ),
  );
  return c.json({ contact: await getContact(db, who.orgId, id), version: edit.version });
});

contactRoutes.get("/:id/timeline", async (c) => c.json(await contactTimeline(openDb(c.env.DB), c.get("auth").org.id, c.req.param("id"))));

/** A stage that changed and tags that were added, as automation events. */
function contactEvents(id: string, before: Contact, patch: ContactPatch): Omit<AutomationEvent, "depth" | "chain">[] {
  const at = Date.now();
  return [
    ...(patch.stage && patch.stage !== before.stage
      ? [{ key: actionKey("contact.stage_changed", id), type: "contact.stage_changed" as const, contactId: id, stage: patch.stage, at }]
      : []),
    ...(patch.tags ?? [])
      .filter((t) => !before.tags.includes(t))
      .map((tag) => ({ key: actionKey("contact.tag_added", id), type: "contact.tag_added" as const, contactId: id, tag, at })),
  ];
}
