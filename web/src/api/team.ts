/** /api/team (members and invites) and the public /api/invites link. */
import type { z } from "zod";
import type { acceptInviteBody, inviteBody } from "../../../worker/schemas/accounts";
import { api } from "./client";
import type { CreatedInvite, InvitePreview, PendingInvite, PublicUser, Role, SignedIn } from "./types";

const id = (value: string) => encodeURIComponent(value);

export const teamApi = {
  members: () => api.get<{ members: PublicUser[] }>("/api/team/members"),
  changeRole: (userId: string, role: Role) => api.patch<{ member: PublicUser }>(`/api/team/members/${id(userId)}`, { role }),
  removeMember: (userId: string) => api.delete<{ removed: true }>(`/api/team/members/${id(userId)}`),
  invites: () => api.get<{ invites: PendingInvite[] }>("/api/team/invites"),
  invite: (body: z.output<typeof inviteBody>) => api.post<{ invite: CreatedInvite }>("/api/team/invites", body),
  revokeInvite: (inviteId: string) => api.delete<{ revoked: true }>(`/api/team/invites/${id(inviteId)}`),
  previewInvite: (token: string) => api.get<{ invite: InvitePreview }>(`/api/invites/${id(token)}`),
  acceptInvite: (body: z.output<typeof acceptInviteBody>) => api.post<SignedIn>("/api/invites/accept", body),
};
