/** /api/push: this member's devices and switches, and the org's privacy setting. */
import type { z } from "zod";
import type { pushStateOut } from "../../../worker/openapi/responses/push";
import type { PreferencesBody, SubscribeBody } from "../../../worker/schemas/push";
import type { PushPreview } from "../../../db/tables/push";
import { api } from "../api/client";

export type PushState = z.infer<typeof pushStateOut>;
export type PushDevice = PushState["devices"][number];
export type PushPreferences = PushState["preferences"];

export const pushApi = {
  state: () => api.get<PushState>("/api/push"),
  subscribe: (body: SubscribeBody) => api.post<{ device: PushDevice }>("/api/push/subscriptions", body),
  unsubscribe: (id: string) => api.delete<null>(`/api/push/subscriptions/${encodeURIComponent(id)}`),
  preferences: (body: PreferencesBody) => api.put<{ preferences: PushPreferences }>("/api/push/preferences", body),
  settings: (preview: PushPreview) => api.put<{ preview: PushPreview }>("/api/push/settings", { preview }),
};
