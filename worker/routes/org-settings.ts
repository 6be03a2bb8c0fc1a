/** Organization settings: name and "stay signed in" for admins; requiring 2FA is the owner's call. */
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { publicOrg } from "../accounts/public-shapes";
import type { AppEnv } from "../app-env";
import { auditEntry } from "../audit/audit-log";
import { openDb } from "../../db/client";
import { organizations } from "../../db/schema";
import { AppError } from "../errors";
import { jsonBody } from "../middleware/json-body";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { orgSettingsBody } from "../schemas/accounts";

export const orgSettings = new Hono<AppEnv>();
orgSettings.use("*", requireSession());

orgSettings.get("/", (c) => c.json({ org: publicOrg(c.get("auth").org) }));

orgSettings.patch("/", requireRole("owner", "admin"), async (c) => {
  const body = await jsonBody(c, orgSettingsBody);
  const { org, user } = c.get("auth");
  if (body.requireTwoFactor !== undefined && body.requireTwoFactor !== org.requireTwoFactor && user.role !== "owner") {
    throw new AppError(403, "owner_only", "Only an owner can change the two-factor requirement.");
  }
  if (body.requireTwoFactor && !user.totpEnabledAt) {
    throw new AppError(409, "enable_2fa_first", "Turn on two-factor sign-in for yourself before requiring it for everyone.");
  }
  const db = openDb(c.env.DB);
  await db.batch([
    db.update(organizations).set(body).where(eq(organizations.id, org.id)),
    auditEntry(c, db, { orgId: org.id, action: "org.settings_changed", detail: { ...body } }),
  ]);
  return c.json({ org: publicOrg({ ...org, ...body }) });
});
