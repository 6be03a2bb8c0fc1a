/** "Your export is ready": to the member who asked for it, with a link to Admin → Backups. */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import type { DataExport } from "../../db/tables/data";
import { appOrigin } from "../app-origin";

/**
 * Logged like invites (README "Invites and email") until the email module lands on main. The link
 * goes to the page, not the file: a download link in an inbox would outlive its few minutes.
 */
export async function deliverExportReady(env: Pick<Env, "APP_ORIGIN">, db: Db, row: DataExport): Promise<void> {
  if (!row.requestedBy) return;
  const to = await db.select({ email: users.email }).from(users).where(eq(users.id, row.requestedBy)).get();
  if (!to) return;
  console.log(`[mail] to ${to.email}: Your Parley export is ready. Download it within 7 days: ${appOrigin(env)}/backups`);
}
