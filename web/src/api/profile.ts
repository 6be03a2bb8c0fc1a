/** /api/me: the signed-in member's name, password, sessions and two-factor sign-in. */
import type { z } from "zod";
import type { passwordChangeBody, profileBody, totpConfirmBody, totpDisableBody } from "../../../worker/schemas/accounts";
import { api } from "./client";
import type { PublicSession, PublicUser, TwoFactorSetup } from "./types";

export const profileApi = {
  rename: (body: z.output<typeof profileBody>) => api.patch<{ user: PublicUser }>("/api/me", body),
  changePassword: (body: z.output<typeof passwordChangeBody>) => api.post<{ changed: true }>("/api/me/password", body),
  sessions: () => api.get<{ sessions: PublicSession[] }>("/api/me/sessions"),
  revokeSession: (id: string) => api.delete<{ revoked: true }>(`/api/me/sessions/${encodeURIComponent(id)}`),
  revokeOtherSessions: () => api.post<{ revoked: number }>("/api/me/sessions/revoke-others"),
  beginTwoFactor: () => api.post<TwoFactorSetup>("/api/me/2fa/setup"),
  confirmTwoFactor: (body: z.output<typeof totpConfirmBody>) => api.post<{ recoveryCodes: string[] }>("/api/me/2fa/confirm", body),
  disableTwoFactor: (body: z.output<typeof totpDisableBody>) => api.post<{ disabled: true }>("/api/me/2fa/disable", body),
};
