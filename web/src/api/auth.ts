/** /api/auth: sign-up, sign-in (and its 2FA step), sign-out, heartbeat, who am I. */
import type { z } from "zod";
import type { loginBody, signupBody, twoFactorLoginBody } from "../../../worker/schemas/accounts";
import { api } from "./client";
import type { Me, SignedIn, TwoFactorChallenge } from "./types";

export const authApi = {
  me: () => api.get<Me>("/api/auth/me"),
  signup: (body: z.output<typeof signupBody>) => api.post<SignedIn>("/api/auth/signup", body),
  login: (body: z.output<typeof loginBody>) => api.post<SignedIn | TwoFactorChallenge>("/api/auth/login", body),
  loginTwoFactor: (body: z.output<typeof twoFactorLoginBody>) => api.post<SignedIn>("/api/auth/login/2fa", body),
  logout: () => api.post<{ signedOut: true }>("/api/auth/logout"),
  heartbeat: () => api.post<{ nextInMs: number }>("/api/auth/heartbeat"),
};

export const needsSecondFactor = (r: SignedIn | TwoFactorChallenge): r is TwoFactorChallenge => "twoFactorRequired" in r;
