/**
 * Members and invites. Owners outrank admins: only an owner may touch an owner or make one, and an
 * organization always keeps at least one owner. Changes take effect on the member's next request
 * (their role is read from D1 each time) and removal revokes their sessions at once.
 */
import { and, eq, exists, gt, isNull, ne, or } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { appOrigin } from "../app-origin";
import { auditEntry } from "../audit/audit-log";
import { enforceLimit } from "../billing/enforce";
import { sendEmail } from "../email/send-email";
import { randomToken } from "../auth/random-token";
import { revokeAllSessions, startSession } from "../auth/sessions";
import { sha256Hex } from "../auth/totp";
import type { Db } from "../../db/client";
import { invites, organizations, users, type Role, type User } from "../../db/schema";
import { AppError } from "../errors";
import type { InviteBody } from "../schemas/accounts";
import { closeMemberSockets } from "./close-sockets";
import { newUser } from "./sign-in";

export const INVITE_TTL_MS = 7 * 24 * 3600_000;

const notFound = () => new AppError(404, "member_not_found", "No such member in your organization.");

async function memberOf(db: Db, orgId: string, userId: string): Promise<User> {
  const member = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, orgId)))
    .get();
  if (!member) throw notFound();
  return member;
}

const lastOwner = () => new AppError(409, "last_owner", "An organization needs at least one owner.");

/**
 * A write condition: the member is not an owner, or another owner remains. Checked inside the write
 * itself, so two owners demoting or removing each other at once cannot leave the org with none.
 */
function keepsAnOwner(db: Db, orgId: string, memberId: string) {
  const other = alias(users, "other_owner");
  return or(
    ne(users.role, "owner"),
    exists(
      db
        .select({ id: other.id })
        .from(other)
        .where(and(eq(other.orgId, orgId), eq(other.role, "owner"), ne(other.id, memberId))),
    ),
  );
}

export async function changeRole(c: Context<AppEnv>, db: Db, userId: string, role: Role): Promise<User> {
  const { user: actor, org } = c.get("auth");
  const member = await memberOf(db, org.id, userId);
  if (member.id === actor.id) throw new AppError(403, "own_role", "You cannot change your own role. Ask another owner or admin.");
  if ((member.role === "owner" || role === "owner") && actor.role !== "owner") {
    throw new AppError(403, "owner_only", "Only an owner can change an owner's role or make someone an owner.");
  }
  if (member.role === role) return member;
  const res = await db
    .update(users)
    .set({ role, updatedAt: Date.now() })
    .where(and(eq(users.id, member.id), eq(users.orgId, org.id), keepsAnOwner(db, org.id, member.id)))
    .run();
  if (!res.meta.changes) throw member.role === "owner" ? lastOwner() : notFound();
  await auditEntry(c, db, {
    orgId: org.id,
    action: "team.role_changed",
    target: { type: "user", id: member.id },
    detail: { from: member.role, to: role },
  });
  // Their open tabs reconnect and pick up the new role; nothing keeps running on the old one.
  c.executionCtx.waitUntil(closeMemberSockets(c.env, org.id, member.id));
  return { ...member, role };
}

export async function removeMember(c: Context<AppEnv>, db: Db, userId: string): Promise<void> {
  const { user: actor, org } = c.get("auth");
  const member = await memberOf(db, org.id, userId);
  if (member.id === actor.id) throw new AppError(403, "remove_self", "You cannot remove yourself. Ask another owner or admin.");
  if (member.role === "owner" && actor.role !== "owner") throw new AppError(403, "owner_only", "Only an owner can remove an owner.");
  // The guarded delete goes first and alone: if it is refused (the last owner), none of their sessions ended.
  const res = await db
    .delete(users)
    .where(and(eq(users.id, member.id), eq(users.orgId, org.id), keepsAnOwner(db, org.id, member.id)))
    .run();
  if (!res.meta.changes) throw member.role === "owner" ? lastOwner() : notFound();
  await db.batch([
    revokeAllSessions(db, member.id),
    auditEntry(c, db, {
      orgId: org.id,
      action: "team.removed",
      target: { type: "user", id: member.id },
      detail: { email: member.email, role: member.role },
    }),
  ]);
  await closeMemberSockets(c.env, org.id, member.id);
}

/** Creates an invite; returns the link (holding the only copy of the token). */
export async function invite(c: Context<AppEnv>, db: Db, body: InviteBody): Promise<{ id: string; link: string; expiresAt: number }> {
  const { user: actor, org } = c.get("auth");
  // Only this org's own members are refused: an account elsewhere gets the same answer as a stranger, so
  // an invite cannot probe which emails have Parley accounts. Its invitee learns on acceptance.
  const existing = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, body.email), eq(users.orgId, org.id)))
    .get();
  if (existing) throw new AppError(409, "already_member", "This person is already a member.");
  // A pending invite holds a seat, so the check is here and not at acceptance.
  await enforceLimit(db, org.id, "seats");
  const token = randomToken();
  const id = crypto.randomUUID();
  const expiresAt = Date.now() + INVITE_TTL_MS;
  await db.batch([
    db
      .insert(invites)
      .values({ id, orgId: org.id, email: body.email, role: body.role, tokenHash: await sha256Hex(token), invitedBy: actor.id, expiresAt }),
    auditEntry(c, db, {
      orgId: org.id,
      action: "team.invited",
      target: { type: "invite", id },
      detail: { email: body.email, role: body.role },
    }),
  ]);
  const link = `${appOrigin(c.env)}/invite/${token}`;
  // The link is also returned, so an admin can pass it on by hand if the mail goes astray.
  await sendEmail(c.env, {
    to: body.email,
    orgId: org.id,
    template: "invitation",
    data: { orgName: org.name, inviterName: actor.name, role: body.role, link, expiresAt },
  });
  return { id, link, expiresAt };
}

export async function revokeInvite(c: Context<AppEnv>, db: Db, inviteId: string): Promise<void> {
  const { org } = c.get("auth");
  const res = await db
    .update(invites)
    .set({ revokedAt: Date.now() })
    .where(and(eq(invites.id, inviteId), eq(invites.orgId, org.id), isNull(invites.acceptedAt), isNull(invites.revokedAt)))
    .run();
  if (!res.meta.changes) throw new AppError(404, "invite_not_found", "No such open invite in your organization.");
  await auditEntry(c, db, { orgId: org.id, action: "team.invite_revoked", target: { type: "invite", id: inviteId } });
}

async function openInvite(db: Db, token: string) {
  const row = await db
    .select({ invite: invites, org: organizations })
    .from(invites)
    .innerJoin(organizations, eq(organizations.id, invites.orgId))
    .where(
      and(
        eq(invites.tokenHash, await sha256Hex(token)),
        isNull(invites.acceptedAt),
        isNull(invites.revokedAt),
        gt(invites.expiresAt, Date.now()),
      ),
    )
    .get();
  if (!row) throw new AppError(404, "invite_invalid", "This invite link is not valid any more. Ask for a new one.");
  return row;
}

export async function previewInvite(db: Db, token: string) {
  const { invite: i, org } = await openInvite(db, token);
  return { orgName: org.name, email: i.email, role: i.role, expiresAt: i.expiresAt };
}

export async function acceptInvite(c: Context<AppEnv>, db: Db, body: { token: string; name: string; password: string }) {
  const { invite: i, org } = await openInvite(db, body.token);
  if (await db.select({ id: users.id }).from(users).where(eq(users.email, i.email)).get()) {
    throw new AppError(409, "email_taken", "An account with this email already exists.");
  }
  const user = await newUser(c, { orgId: org.id, email: i.email, name: body.name, role: i.role, password: body.password });
  try {
    await db.batch([
      db
        .update(invites)
        .set({ acceptedAt: Date.now() })
        .where(and(eq(invites.id, i.id), isNull(invites.acceptedAt))),
      db.insert(users).values(user),
      auditEntry(c, db, {
        orgId: org.id,
        action: "team.joined",
        actor: user,
        target: { type: "invite", id: i.id },
        detail: { role: i.role },
      }),
    ]);
  } catch (err) {
    // A double submit of one link: the unique email makes the second batch roll back whole.
    if (String(err).includes("UNIQUE")) throw new AppError(409, "invite_used", "This invite has already been used. Sign in instead.");
    throw err;
  }
  await startSession(c, db, user, org);
  return { user, org };
}
