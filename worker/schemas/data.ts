/** Request shapes for the data routes (exports, backups, erasure, termination). */
import { z } from "zod";

export const downloadQuery = z.object({
  exp: z.coerce.number().int(),
  kid: z.string().min(1).max(64),
  sig: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Terminating the organization: the owner's password again, and a current code when 2FA is on. */
export const terminateBody = z.strictObject({
  password: z.string().min(1, "Enter your password.").max(512),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app.")
    .optional(),
  /** The organization's name typed out, so a stray click cannot do this. */
  confirmName: z.string().trim().min(1, "Type the organization's name to confirm."),
});
