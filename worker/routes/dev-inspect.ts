/**
 * Local development only: what Parley stored for one customer (the D1 rows and the room's log), so
 * `npm run simulate` can show a newcomer where a message landed; and a rebuild of an org's purchase
 * history, for the demo's order history seeded as SQL. Off unless DEV_TOOLS=1 (set in
 * .dev.vars.example, never in wrangler.toml) and reachable from loopback only; 404 otherwise.
 */
import { and, eq, or } from "drizzle-orm";
import { Hono } from "hono";
import { roomStub } from "../../durable/room-stub";
import type { SearchDoc } from "../../durable/search/search-doc";
import { openDb } from "../../db/client";
import { contacts, conversations, whatsappNumbers } from "../../db/schema";
import { billingAccountOf, saveBillingAccount } from "../billing/billing-account";
import { plans, type PlanId } from "../billing/plans";
import { recomputeOrgHistory } from "../commerce/purchase-history";
import { AppError } from "../errors";
import { identityKey, routeWebhook } from "../ingest/resolve-customers";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
/** Enough for a benchmark's checker to read a whole log in few calls; the room still caps each page. */
const MAX_LIMIT = 1000;

export const devInspect = new Hono<{ Bindings: Env }>();

const LOOPBACK_IP = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

devInspect.use(async function devToolsOnly(c, next) {
  // The Host header is the client's to write; the connecting address (set by the runtime, locally too) is not.
  const ip = c.req.header("cf-connecting-ip");
  const loopback = LOOPBACK.has(new URL(c.req.url).hostname) && (ip === undefined || LOOPBACK_IP.test(ip));
  if (c.env.DEV_TOOLS !== "1" || !loopback) throw new AppError(404, "not_found", "No such route.");
  await next();
});

devInspect.get("/customers/:phoneNumberId/:customer", async (c) => {
  const db = openDb(c.env.DB);
  const customer = c.req.param("customer");
  const number = await db
    .select()
    .from(whatsappNumbers)
    .where(eq(whatsappNumbers.phoneNumberId, c.req.param("phoneNumberId")))
    .get();
  if (!number) throw new AppError(404, "number_not_found", "No organization has connected that phone_number_id.");
  const contact = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.orgId, number.orgId), or(eq(contacts.waId, customer), eq(contacts.userId, customer))))
    .get();
  const conversation = contact && (await db.select().from(conversations).where(eq(conversations.contactId, contact.id)).get());
  // D1 is a projection that follows the room: before it has the customer, find the room as a webhook does.
  const conversationId =
    conversation?.id ??
    (await routeWebhook(db, new Map([[number.phoneNumberId, [{ waId: customer }]]]))).customers
      .get(number.orgId)
      ?.get(identityKey({ waId: customer }))?.conversationId;
  const limit = Math.min(intQuery(c.req.query("limit"), "limit") ?? 20, MAX_LIMIT);
  const after = intQuery(c.req.query("after"), "after");
  const room = conversationId
    ? await roomStub(c.env.CONVERSATION_ROOM, number.orgId, conversationId).history(after === undefined ? { limit } : { after, limit })
    : null;
  if (!contact && !room?.lastSeq)
    throw new AppError(404, "contact_not_found", "No contact with that wa_id or user id in this organization.");
  return c.json({ orgId: number.orgId, contact: contact ?? null, conversation: conversation ?? null, room });
});

/** The projection lags (room commit → D1 commit, ms) the org's OrgInbox measured since the last read; a benchmark reads them. */
devInspect.get("/orgs/:orgId/projection-lag", async (c) => {
  const lags = await c.env.ORG_INBOX.getByName(c.req.param("orgId")).takeProjectionLags();
  return c.json({ lags });
});

devInspect.post("/orgs/:orgId/purchase-history/rebuild", async (c) => {
  const contacts = await recomputeOrgHistory(openDb(c.env.DB), c.req.param("orgId"));
  return c.json({ contacts });
});

/**
 * Writes documents straight into an org's search index, as the feed would: `npm run bench -- search`
 * fills an index with a million messages this way rather than storing them one by one in rooms.
 */
devInspect.post("/search/:orgId/docs", async (c) => {
  const body = (await c.req.json()) as { docs?: SearchDoc[] };
  if (!Array.isArray(body.docs)) throw new AppError(400, "invalid_body", "docs: an array of search documents.");
  const orgId = c.req.param("orgId");
  const added = await c.env.SEARCH_INDEX.getByName(orgId).apply(
    orgId,
    body.docs.map((doc) => ({ op: "upsert" as const, doc })),
  );
  return c.json({ added });
});

/**
 * Puts an org on a plan, active, without Stripe: `npm run bench -- contacts` imports 100,000 contacts,
 * ten times the trial's limit, into an org it signed up.
 */
devInspect.post("/orgs/:orgId/plan", async (c) => {
  const { plan } = (await c.req.json()) as { plan?: string };
  if (!plan || !Object.hasOwn(plans, plan)) throw new AppError(400, "invalid_body", `plan: one of ${Object.keys(plans).join(", ")}.`);
  const db = openDb(c.env.DB);
  const account = await billingAccountOf(db, c.req.param("orgId"));
  await saveBillingAccount(db, { ...account, plan: plan as PlanId, status: "active" });
  return c.json({ plan });
});

/** `?limit=` and `?after=`: absent, or a non-negative integer. */
function intQuery(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) throw new AppError(400, "invalid_query", `${name} must be a non-negative integer.`);
  return Number(value);
}
