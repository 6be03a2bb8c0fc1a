/**
 * Request bodies for accounts, team, numbers and settings: strict (unknown fields such as `orgId` or
 * `role` are refused), and the one source of these types for the Worker and web/. Written with zod/mini
 * so the browser bundle that validates forms with them stays small.
 */
import { z } from "zod/mini";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

const trimmed = () => z.string().check(z.trim());
const email = z.pipe(
  z.string().check(z.trim(), z.toLowerCase()),
  z.email({ message: "Enter a valid email address." }).check(z.maxLength(254, "Email addresses are at most 254 characters.")),
);
const name = trimmed().check(z.minLength(1, "Enter a name."), z.maxLength(100, "Names are at most 100 characters."));
const password = z
  .string()
  .check(
    z.minLength(PASSWORD_MIN, `Passwords need at least ${PASSWORD_MIN} characters.`),
    z.maxLength(PASSWORD_MAX, `Passwords are at most ${PASSWORD_MAX} characters.`),
  );
/** A password being checked, not chosen: any length we might once have accepted, within reason. */
const existingPassword = (message: string) => z.string().check(z.minLength(1, message), z.maxLength(PASSWORD_MAX * 4));
const totpCode = trimmed().check(z.regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app."));
const recoveryCode = z
  .string()
  .check(z.trim(), z.toLowerCase(), z.regex(/^[a-z0-9]{5}-[a-z0-9]{5}$/, "Recovery codes look like abcde-12345."));

export const signupBody = z.strictObject({ orgName: name, name, email, password });
export const loginBody = z.strictObject({ email, password: existingPassword("Enter your password.") });
export const totpLoginBody = z.strictObject({ challengeId: z.uuid(), code: totpCode });
export const recoveryLoginBody = z.strictObject({ challengeId: z.uuid(), recoveryCode });
export const twoFactorLoginBody = z.union([totpLoginBody, recoveryLoginBody]);
export const profileBody = z.strictObject({ name });
export const passwordChangeBody = z.strictObject({
  currentPassword: existingPassword("Enter your current password."),
  newPassword: password,
});
export const totpConfirmBody = z.strictObject({ code: totpCode });
export const totpDisableBody = z.strictObject({ password: existingPassword("Enter your password."), code: totpCode });

const linkToken = z.string().check(z.minLength(20), z.maxLength(200));
export const passwordResetRequestBody = z.strictObject({ email });
export const passwordResetBody = z.strictObject({ token: linkToken, password });
export const verifyEmailBody = z.strictObject({ token: linkToken });

export const assignableRoles = ["admin", "agent"] as const;
export const inviteBody = z.strictObject({ email, role: z.enum(assignableRoles) });
export const acceptInviteBody = z.strictObject({ token: linkToken, name, password });
export const roleChangeBody = z.strictObject({ role: z.enum(["owner", "admin", "agent"]) });

export const connectNumberBody = z.strictObject({
  phoneNumberId: trimmed().check(z.regex(/^\d{5,20}$/, "The phone number id is the numeric id from Meta's WhatsApp Manager.")),
  wabaId: trimmed().check(z.regex(/^\d{5,20}$/, "The WhatsApp Business Account id is numeric.")),
  accessToken: trimmed().check(z.minLength(20, "Paste the full access token."), z.maxLength(1000)),
});

export const orgSettingsBody = z
  .strictObject({ name: z.optional(name), requireTwoFactor: z.optional(z.boolean()), staySignedIn: z.optional(z.boolean()) })
  .check(z.refine((b) => Object.keys(b).length > 0, "Change at least one setting."));

const positiveInt = () => z.coerce.number().check(z.int(), z.positive());
export const auditQuery = z.strictObject({
  action: z.optional(z.string().check(z.maxLength(64))),
  actorId: z.optional(z.string().check(z.maxLength(64))),
  before: z.optional(positiveInt()),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200))),
});

export type SignupBody = z.infer<typeof signupBody>;
export type LoginBody = z.infer<typeof loginBody>;
export type InviteBody = z.infer<typeof inviteBody>;
export type ConnectNumberBody = z.infer<typeof connectNumberBody>;
export type OrgSettingsBody = z.infer<typeof orgSettingsBody>;
