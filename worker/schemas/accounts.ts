/**
 * Request bodies for accounts, team, numbers and settings: strict (unknown fields such as `orgId` or
 * `role` are refused), and the one source of these types for the Worker and web/.
 */
import { z } from "zod";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

const email = z.string().trim().toLowerCase().pipe(z.email({ message: "Enter a valid email address." })).pipe(z.string().max(254));
const name = z.string().trim().min(1, "Enter a name.").max(100, "Names are at most 100 characters.");
const password = z
  .string()
  .min(PASSWORD_MIN, `Passwords need at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Passwords are at most ${PASSWORD_MAX} characters.`);
const totpCode = z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app.");
const recoveryCode = z.string().trim().toLowerCase().regex(/^[a-z0-9]{5}-[a-z0-9]{5}$/, "Recovery codes look like abcde-12345.");

export const signupBody = z.strictObject({ orgName: name, name, email, password });
export const loginBody = z.strictObject({ email, password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX * 4) });
export const twoFactorLoginBody = z.union([
  z.strictObject({ challengeId: z.string().uuid(), code: totpCode }),
  z.strictObject({ challengeId: z.string().uuid(), recoveryCode }),
]);
export const profileBody = z.strictObject({ name });
export const passwordChangeBody = z.strictObject({ currentPassword: z.string().min(1, "Enter your current password.").max(PASSWORD_MAX * 4), newPassword: password });
export const totpConfirmBody = z.strictObject({ code: totpCode });
export const totpDisableBody = z.strictObject({ password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX * 4), code: totpCode });

export const assignableRoles = ["admin", "agent"] as const;
export const inviteBody = z.strictObject({ email, role: z.enum(assignableRoles) });
export const acceptInviteBody = z.strictObject({ token: z.string().min(20).max(200), name, password });
export const roleChangeBody = z.strictObject({ role: z.enum(["owner", "admin", "agent"]) });

export const connectNumberBody = z.strictObject({
  phoneNumberId: z.string().trim().regex(/^\d{5,20}$/, "The phone number id is the numeric id from Meta's WhatsApp Manager."),
  wabaId: z.string().trim().regex(/^\d{5,20}$/, "The WhatsApp Business Account id is numeric."),
  accessToken: z.string().trim().min(20, "Paste the full access token.").max(1000),
});

export const orgSettingsBody = z
  .strictObject({ name: name.optional(), requireTwoFactor: z.boolean().optional(), staySignedIn: z.boolean().optional() })
  .refine((b) => Object.keys(b).length > 0, "Change at least one setting.");

export const auditQuery = z.strictObject({
  action: z.string().max(64).optional(),
  actorId: z.string().max(64).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export type SignupBody = z.infer<typeof signupBody>;
export type LoginBody = z.infer<typeof loginBody>;
export type InviteBody = z.infer<typeof inviteBody>;
export type ConnectNumberBody = z.infer<typeof connectNumberBody>;
export type OrgSettingsBody = z.infer<typeof orgSettingsBody>;
