/** /api/org: the organization's name and sign-in policies. */
import type { OrgSettingsBody } from "../../../worker/schemas/accounts";
import { api } from "./client";
import type { PublicOrg } from "./types";

export const orgApi = {
  get: () => api.get<{ org: PublicOrg }>("/api/org"),
  update: (body: OrgSettingsBody) => api.patch<{ org: PublicOrg }>("/api/org", body),
};
