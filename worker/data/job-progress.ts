/** Export, backup and restore progress as it reaches the org's open Backups pages (an OrgInbox frame). */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { dataExports, dataRestores } from "../../db/tables/data";
import { toExportView, toRestoreView } from "../../db/data-job-view";

/** Never fails its job: a page that missed a frame reads the list again when its socket reopens. */
export async function publishExport(env: Pick<Env, "ORG_INBOX">, db: Db, id: string): Promise<void> {
  const row = await db.select().from(dataExports).where(eq(dataExports.id, id)).get();
  if (!row) return;
  await env.ORG_INBOX.getByName(row.orgId)
    .publishDataJob({ kind: row.kind, job: toExportView(row) })
    .catch((e: unknown) => console.warn("export progress not published", { id, error: String(e) }));
}

export async function publishRestore(env: Pick<Env, "ORG_INBOX">, db: Db, id: string): Promise<void> {
  const row = await db.select().from(dataRestores).where(eq(dataRestores.id, id)).get();
  if (!row) return;
  await env.ORG_INBOX.getByName(row.orgId)
    .publishDataJob({ kind: "restore", job: toRestoreView(row) })
    .catch((e: unknown) => console.warn("restore progress not published", { id, error: String(e) }));
}
