/** Response schemas of auth, profile, team, numbers, org settings, audit and email deliveries. */
import { createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { auditLog, invites, whatsappNumbers } from "../../../db/schema";
import { emailDeliveries } from "../../../db/tables/email";
import { flag, ms, orgOut, sessionOut, signedInOut, twoFactorStepOut, userOut } from "./common";

export const csrfOut = z.strictObject({ csrfToken: z.string() });
export const loginOut = z.union([signedInOut.extend({ mustEnrolTwoFactor: z.boolean() }).strict(), twoFactorStepOut]);
export const meOut = z.strictObject({ user: userOut, org: orgOut, mustEnrolTwoFactor: z.boolean() });
export const heartbeatOut = z.strictObject({ nextInMs: z.int() });
export const resetRequestedOut = z.strictObject({ requested: z.literal(true), message: z.string() });
export const resetLinkOut = z.strictObject({ reset: z.strictObject({ email: z.string(), expiresAt: ms }) });
export const resetDoneOut = z.union([
  signedInOut.extend({ signedIn: z.literal(true) }).strict(),
  z.strictObject({ signedIn: z.literal(false), twoFactorRequired: z.literal(true) }),
]);
export const verifiedOut = z.strictObject({ verified: z.literal(true), email: z.string() });
export const verificationOut = z.strictObject({ verified: z.boolean() });
export const resendOut = z.strictObject({ sent: z.boolean(), verified: z.boolean() });

export const profileOut = z.strictObject({ user: userOut });
export const sessionsOut = z.strictObject({ sessions: z.array(sessionOut) });
export const revokedCountOut = z.strictObject({ revoked: z.int() });
export const twoFactorSetupOut = z.strictObject({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() });
export const recoveryCodesOut = z.strictObject({ recoveryCodes: z.array(z.string()) });

export const membersOut = z.strictObject({ members: z.array(userOut) });
export const memberOut = z.strictObject({ member: userOut });
export const invitesOut = z.strictObject({
  invites: z.array(createSelectSchema(invites).pick({ id: true, email: true, role: true, expiresAt: true, createdAt: true }).strict()),
});
export const inviteCreatedOut = z.strictObject({ invite: z.strictObject({ id: z.string(), link: z.string(), expiresAt: ms }) });
export const invitePreviewOut = z.strictObject({
  invite: z.strictObject({ orgName: z.string(), email: z.string(), role: z.enum(["owner", "admin", "agent"]), expiresAt: ms }),
});

const numberOut = createSelectSchema(whatsappNumbers)
  .pick({ id: true, phoneNumberId: true, wabaId: true, displayPhoneNumber: true, verifiedName: true, createdAt: true })
  .strict();
export const numbersOut = z.strictObject({
  numbers: z.array(numberOut),
  webhook: z
    .strictObject({ url: z.string(), verifyToken: z.string() })
    .optional()
    .describe("Admins only: what to paste into Meta's App Dashboard."),
});
export const numberCreatedOut = z.strictObject({ number: numberOut });

export const orgSettingsOut = z.strictObject({ org: orgOut });

export const auditOut = z.strictObject({
  entries: z.array(createSelectSchema(auditLog).strict()),
  nextBefore: ms.nullable().describe("Pass as `before` for the next page; null on the last."),
});

export const deliveriesOut = z.strictObject({
  deliveries: z.array(
    createSelectSchema(emailDeliveries)
      .pick({
        id: true,
        to: true,
        template: true,
        subject: true,
        status: true,
        attempts: true,
        error: true,
        createdAt: true,
        updatedAt: true,
      })
      .strict(),
  ),
});

export const removedOut = flag("removed");
export const revokedOut = flag("revoked");
export const signedOutOut = flag("signedOut");
export const changedOut = flag("changed");
export const disabledOut = flag("disabled");
export const deletedOut = flag("deleted");
