/** "Your export is ready": to the member who asked for it, linking to Admin → Backups. */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { organizations, users } from "../../db/schema";
import type { DataExport } from "../../db/tables/data";
import { appOrigin } from "../app-origin";
import { sendEmail } from "../email/send-email";

/** The link goes to the page, not the file: a signed download link would be dead before most inboxes are read. */
export async function deliverExportReady(env: Env, db: Db, row: DataExport): Promise<void> {
  if (!row.requestedBy) return;
  const [to, org] = await Promise.all([
    db.select({ email: users.email }).from(users).where(eq(users.id, row.requestedBy)).get(),
    db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, row.orgId)).get(),
  ]);
  if (!to || !org) return;
  await sendEmail(env, {
    to: to.email,
    orgId: row.orgId,
    template: "export_ready",
    data: { orgName: org.name, link: `${appOrigin(env)}/backups`, expiresAt: row.expiresAt },
  });
}
