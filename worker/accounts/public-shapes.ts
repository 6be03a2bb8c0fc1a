/** What the API shows of users, orgs and sessions: never hashes, secrets or sealed tokens. */
import type { Organization, Session, User } from "../../db/schema";

export const publicUser = (u: User) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  twoFactorEnabled: u.totpEnabledAt !== null,
  createdAt: u.createdAt,
});

export const publicOrg = (o: Organization) => ({
  id: o.id,
  name: o.name,
  requireTwoFactor: o.requireTwoFactor,
  staySignedIn: o.staySignedIn,
  /** Set while the organization waits to be purged (the owner may cancel until `purgeAfter`). */
  terminatedAt: o.terminatedAt,
  purgeAfter: o.purgeAfter,
});

export const publicSession = (s: Session, currentId: string) => ({
  id: s.id,
  ip: s.ip,
  userAgent: s.userAgent,
  createdAt: s.createdAt,
  lastSeenAt: s.lastSeenAt,
  current: s.id === currentId,
});

export type PublicUser = ReturnType<typeof publicUser>;
export type PublicOrg = ReturnType<typeof publicOrg>;
export type PublicSession = ReturnType<typeof publicSession>;
