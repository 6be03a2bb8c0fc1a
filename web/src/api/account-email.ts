/** /api/auth password reset and email verification: the pages reached from links in email. */
import type { z } from "zod";
import type { passwordResetBody, passwordResetRequestBody, verifyEmailBody } from "../../../worker/schemas/accounts";
import { api } from "./client";
import type { SignedIn } from "./types";

export type ResetResult = ({ signedIn: true } & SignedIn) | { signedIn: false; twoFactorRequired: true };

export const accountEmailApi = {
  requestReset: (body: z.output<typeof passwordResetRequestBody>) =>
    api.post<{ requested: true; message: string }>("/api/auth/password-reset", body),
  checkReset: (token: string) =>
    api.get<{ reset: { email: string; expiresAt: number } }>(`/api/auth/password-reset/${encodeURIComponent(token)}`),
  reset: (body: z.output<typeof passwordResetBody>) => api.post<ResetResult>("/api/auth/password-reset/confirm", body),
  verifyEmail: (body: z.output<typeof verifyEmailBody>) => api.post<{ verified: true; email: string }>("/api/auth/verify-email", body),
  verification: () => api.get<{ verified: boolean }>("/api/auth/verify-email"),
  resendVerification: () => api.post<{ sent: boolean; verified: boolean }>("/api/auth/verify-email/resend"),
};
