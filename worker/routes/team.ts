/** Team: members (everyone reads; admins change), and invites (admins), plus the public invite link. */
import { and, asc, desc, eq, gt, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { publicOrg, publicUser } from "../accounts/public-shapes";
import { acceptInvite, changeRole, invite, previewInvite, removeMember, revokeInvite } from "../accounts/team";
import type { AppEnv } from "../app-env";
import { issueCsrfToken } from "../auth/cookies";
import { openDb } from "../../db/client";
import { invites, users } from "../../db/schema";
import { jsonBody } from "../middleware/json-body";
import { clientIp, enforceRateLimits, LIMITS } from "../middleware/rate-limit";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { acceptInviteBody, inviteBody, roleChangeBody } from "../schemas/accounts";

export const team = new Hono<AppEnv>();
team.use("*", requireSession());

team.get("/members", async (c) => {
  const rows = await openDb(c.env.DB)
    .select()
    .from(users)
    .where(eq(users.orgId, c.get("auth").org.id))
    .orderBy(asc(users.name))
    .all();
  return c.json({ members: rows.map(publicUser) });
});

team.patch("/members/:id", requireRole("owner", "admin"), async (c) => {
  const { role } = await jsonBody(c, roleChangeBody);
  return c.json({ member: publicUser(await changeRole(c, openDb(c.env.DB), c.req.param("id"), role)) });
});

team.delete("/members/:id", requireRole("owner", "admin"), async (c) => {
  await removeMember(c, openDb(c.env.DB), c.req.param("id"));
  return c.json({ removed: true });
});

team.get("/invites", requireRole("owner", "admin"), async (c) => {
  const rows = await openDb(c.env.DB)
    .select({ id: invites.id, email: invites.email, role: invites.role, expiresAt: invites.expiresAt, createdAt: invites.createdAt })
    .from(invites)
    .where(
      and(
        eq(invites.orgId, c.get("auth").org.id),
        isNull(invites.acceptedAt),
        isNull(invites.revokedAt),
        gt(invites.expiresAt, Date.now()),
      ),
    )
    .orderBy(desc(invites.createdAt))
    .all();
  return c.json({ invites: rows });
});

team.post("/invites", requireRole("owner", "admin"), async (c) => {
  const body = await jsonBody(c, inviteBody);
  return c.json({ invite: await invite(c, openDb(c.env.DB), body) }, 201);
});

team.delete("/invites/:id", requireRole("owner", "admin"), async (c) => {
  await revokeInvite(c, openDb(c.env.DB), c.req.param("id"));
  return c.json({ revoked: true });
});

/** Public: the invite link's landing page reads this, and accepting creates the member. */
export const invitations = new Hono<AppEnv>();

invitations.get("/:token", async (c) => {
  await enforceRateLimits(c, [[`invite:ip:${clientIp(c)}`, LIMITS.invitePerIp]]);
  return c.json({ invite: await previewInvite(openDb(c.env.DB), c.req.param("token")) });
});

invitations.post("/accept", async (c) => {
  await enforceRateLimits(c, [[`invite:ip:${clientIp(c)}`, LIMITS.invitePerIp]]);
  const body = await jsonBody(c, acceptInviteBody);
  const { user, org } = await acceptInvite(c, openDb(c.env.DB), body);
  return c.json({ user: publicUser(user), org: publicOrg(org), csrfToken: issueCsrfToken(c) }, 201);
});
