/** Settings → Integrations' API from the browser; types are the server's own response schemas. */
import type { z } from "zod";
import type { ApiScope, WebhookEventType } from "../../../worker/integrations/catalog";
import type * as R from "../../../worker/openapi/responses/integrations";
import { api } from "../api/client";

export type ApiKey = z.infer<typeof R.keysOut>["keys"][number];
export type ApiRequest = z.infer<typeof R.apiRequestsOut>["requests"][number];
export type Endpoint = z.infer<typeof R.endpointsOut>["endpoints"][number];
export type Delivery = z.infer<typeof R.deliveriesOut>["deliveries"][number];

const id = (value: string) => encodeURIComponent(value);

export const integrationsApi = {
  keys: () => api.get<z.infer<typeof R.keysOut>>("/api/integrations/keys"),
  createKey: (body: { name: string; scopes: ApiScope[]; rateLimitPerMinute: number }) =>
    api.post<z.infer<typeof R.keyCreatedOut>>("/api/integrations/keys", body),
  revokeKey: (keyId: string) => api.delete<z.infer<typeof R.keyOneOut>>(`/api/integrations/keys/${id(keyId)}`),
  requests: () => api.get<z.infer<typeof R.apiRequestsOut>>("/api/integrations/requests?limit=20"),
  endpoints: () => api.get<z.infer<typeof R.endpointsOut>>("/api/integrations/webhooks"),
  createEndpoint: (body: { url: string; description: string; events: WebhookEventType[] }) =>
    api.post<z.infer<typeof R.endpointSecretOut>>("/api/integrations/webhooks", body),
  updateEndpoint: (endpointId: string, patch: { url?: string; events?: WebhookEventType[]; enabled?: boolean; description?: string }) =>
    api.patch<z.infer<typeof R.endpointOneOut>>(`/api/integrations/webhooks/${id(endpointId)}`, patch),
  deleteEndpoint: (endpointId: string) => api.delete<{ deleted: boolean }>(`/api/integrations/webhooks/${id(endpointId)}`),
  rotate: (endpointId: string) =>
    api.post<z.infer<typeof R.endpointSecretOut>>(`/api/integrations/webhooks/${id(endpointId)}/rotate-secret`),
  ping: (endpointId: string) => api.post<z.infer<typeof R.deliveryOneOut>>(`/api/integrations/webhooks/${id(endpointId)}/ping`),
  deliveries: (endpointId: string) =>
    api.get<z.infer<typeof R.deliveriesOut>>(`/api/integrations/webhooks/${id(endpointId)}/deliveries?limit=30`),
  resend: (deliveryId: string) => api.post<z.infer<typeof R.deliveryOneOut>>(`/api/integrations/deliveries/${id(deliveryId)}/resend`),
};
