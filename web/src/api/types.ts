/** What the API returns, typed from the Worker's own sources (public shapes and the D1 schema). */
import type { PublicOrg, PublicSession, PublicUser } from "../../../worker/accounts/public-shapes";
import type { AuditEntry, invites, Role, WhatsappNumber } from "../../../db/schema";

export type { AuditEntry, PublicOrg, PublicSession, PublicUser, Role };

/** GET /api/numbers: worker/accounts/numbers.ts `publicNumber` (that module is Worker-only). */
export type PublicNumber = Pick<WhatsappNumber, "id" | "phoneNumberId" | "wabaId" | "displayPhoneNumber" | "verifiedName" | "createdAt">;

/** GET /api/team/invites: the columns worker/routes/team.ts selects. */
export type PendingInvite = Pick<typeof invites.$inferSelect, "id" | "email" | "role" | "expiresAt" | "createdAt">;

/** POST /api/team/invites: the link holds the only copy of the token. */
export interface CreatedInvite {
  id: string;
  link: string;
  expiresAt: number;
}

export interface InvitePreview {
  orgName: string;
  email: string;
  role: Role;
  expiresAt: number;
}

/** Sign-up, sign-in and invite acceptance all answer with the new session's member and a CSRF token. */
export interface SignedIn {
  user: PublicUser;
  org: PublicOrg;
  csrfToken: string;
  mustEnrolTwoFactor?: boolean;
}

export interface Me {
  user: PublicUser;
  org: PublicOrg;
  mustEnrolTwoFactor: boolean;
}

export interface TwoFactorChallenge {
  twoFactorRequired: true;
  challengeId: string;
}

export interface TwoFactorSetup {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

export interface WebhookSettings {
  url: string;
  verifyToken: string;
}
