/** The signed-in member's own profile: name, password, sessions and two-factor sign-in. */
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { publicSession, publicUser } from "../accounts/public-shapes";
import { beginEnrolment, confirmEnrolment, disableTwoFactor } from "../accounts/two-factor";
import type { AppEnv } from "../app-env";
import { auditEntry } from "../audit/audit-log";
import { hashPassword, verifyPassword } from "../auth/passwords";
import { revokeAllSessions, revokeSession, startSession } from "../auth/sessions";
import { openDb } from "../../db/client";
import { sessions, users } from "../../db/schema";
import { AppError } from "../errors";
import { jsonBody } from "../middleware/json-body";
import { requireSession } from "../middleware/require-session";
import { passwordChangeBody, profileBody, totpConfirmBody, totpDisableBody } from "../schemas/accounts";

export const profile = new Hono<AppEnv>();

// Enrolment must stay reachable for members whose org requires 2FA they have not set up yet.
profile.use("/2fa/*", requireSession({ allowWithoutRequiredTwoFactor: true }));
profile.use("*", async (c, next) => (c.get("auth") ? next() : requireSession()(c, next)));

profile.patch("/", async (c) => {
  const { name } = await jsonBody(c, profileBody);
  const { user } = c.get("auth");
  await openDb(c.env.DB).update(users).set({ name, updatedAt: Date.now() }).where(eq(users.id, user.id));
  return c.json({ user: publicUser({ ...user, name }) });
});

profile.post("/password", async (c) => {
  const body = await jsonBody(c, passwordChangeBody);
  const { user, org } = c.get("auth");
  const db = openDb(c.env.DB);
  if (!(await verifyPassword(body.currentPassword, user.passwordHash, c.env.PASSWORD_PEPPER))) {
    throw new AppError(403, "wrong_password", "Your current password is not right.");
  }
  await db.batch([
    db
      .update(users)
      .set({ passwordHash: await hashPassword(body.newPassword, c.env.PASSWORD_PEPPER), updatedAt: Date.now() })
      .where(eq(users.id, user.id)),
    revokeAllSessions(db, user.id),
    auditEntry(c, db, { orgId: org.id, action: "auth.password_changed", target: { type: "user", id: user.id } }),
  ]);
  // Every other browser is signed out; this one continues on a brand-new session and token.
  await startSession(c, db, user, org);
  return c.json({ changed: true });
});

profile.get("/sessions", async (c) => {
  const { user, session } = c.get("auth");
  const rows = await openDb(c.env.DB)
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt), gt(sessions.expiresAt, Date.now())))
    .orderBy(desc(sessions.lastSeenAt))
    .all();
  return c.json({ sessions: rows.map((s) => publicSession(s, session.id)) });
});

profile.delete("/sessions/:id", async (c) => {
  const { user, org } = c.get("auth");
  const db = openDb(c.env.DB);
  if (!(await revokeSession(db, user.id, c.req.param("id")))) throw new AppError(404, "session_not_found", "No such active session.");
  await auditEntry(c, db, { orgId: org.id, action: "auth.session_revoked", target: { type: "session", id: c.req.param("id") } });
  return c.json({ revoked: true });
});

profile.post("/sessions/revoke-others", async (c) => {
  const { user, org, session } = c.get("auth");
  const db = openDb(c.env.DB);
  const res = await revokeAllSessions(db, user.id, session.id).run();
  await auditEntry(c, db, { orgId: org.id, action: "auth.session_revoked", detail: { others: res.meta.changes } });
  return c.json({ revoked: res.meta.changes });
});

profile.post("/2fa/setup", async (c) => c.json(await beginEnrolment(c, openDb(c.env.DB))));

profile.post("/2fa/confirm", async (c) => {
  const { code } = await jsonBody(c, totpConfirmBody);
  return c.json({ recoveryCodes: await confirmEnrolment(c, openDb(c.env.DB), code) });
});

profile.post("/2fa/disable", async (c) => {
  const body = await jsonBody(c, totpDisableBody);
  await disableTwoFactor(c, openDb(c.env.DB), body.password, body.code);
  return c.json({ disabled: true });
});
