/** Orgs with at least one device opted in: the only ones whose inbound messages are worth a push job. */
import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { pushSubscriptions } from "../../db/tables/push";

export async function pushOrgs(db: Db, orgIds: string[]): Promise<Set<string>> {
  if (!orgIds.length) return new Set();
  const rows = await db
    .selectDistinct({ orgId: pushSubscriptions.orgId })
    .from(pushSubscriptions)
    .where(inArray(pushSubscriptions.orgId, orgIds))
    .all();
  return new Set(rows.map((r) => r.orgId));
}
