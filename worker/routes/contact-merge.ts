/** Duplicates and merging (owners and admins): likely duplicate pairs, and merging one contact into another. */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb, type Db } from "../../db/client";
import { summariesFor } from "../../durable/projection/conversation-summary";
import { auditEntry } from "../audit/audit-log";
import { recomputeContactHistory } from "../commerce/purchase-history";
import { getContact } from "../crm/contacts";
import { findDuplicates } from "../crm/merge/find-duplicates";
import { mergeContacts, type MergeResult } from "../crm/merge/merge-contacts";
import { jsonBody } from "../middleware/json-body";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { mergeBody } from "../schemas/contacts";

/** Mounted at /api/contacts beside contactRoutes: each route carries its own guards (a `use("*")` here would cover the whole prefix). */
export const contactMergeRoutes = new Hono<AppEnv>();
const admins = [requireSession(), requireRole("owner", "admin")] as const;

contactMergeRoutes.get("/duplicates", ...admins, async (c) =>
  c.json({ pairs: await findDuplicates(openDb(c.env.DB), c.get("auth").org.id) }),
);

contactMergeRoutes.post("/merge", ...admins, async (c) => {
  const body = await jsonBody(c, mergeBody);
  const db = openDb(c.env.DB);
  const { org, user } = c.get("auth");
  const audit = auditEntry(c, db, {
    orgId: org.id,
    action: "contacts.merged",
    target: { type: "contact", id: body.survivorId },
    detail: { mergedId: body.otherId },
  });
  const result = await mergeContacts(db, { orgId: org.id, userId: user.id }, body, audit);
  const contact = await getContact(db, org.id, result.survivorId);
  c.executionCtx.waitUntil(afterMerge(c.env, db, org.id, result, user.id));
  return c.json({ contact });
});

/** Purchase history follows the orders; every agent's screens learn of the merge (the other contact's close, pointing at the survivor). */
async function afterMerge(env: Env, db: Db, orgId: string, result: MergeResult, by: string): Promise<void> {
  if (result.hadOrders) await recomputeContactHistory(db, orgId, result.survivorId);
  const inbox = env.ORG_INBOX.getByName(orgId);
  const survivor = await getContact(db, orgId, result.survivorId);
  await inbox.publishContactsRemoved([result.removedId], result.survivorId);
  await inbox.publishContacts([{ t: "contact", contactId: survivor.id, version: survivor.version, changes: survivor, by }]);
  if (result.movedConversationIds.length) await inbox.publish(await summariesFor(db, orgId, result.movedConversationIds));
}
