/** Integrations' routes as documentation (see routes.ts for the shape). */
import * as S from "../schemas/integrations";
import type { RouteDoc } from "./routes";
import * as R from "./responses/integrations";

const tag = "Integrations";

export const integrationRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/api/integrations/keys",
    operationId: "listApiKeys",
    response: R.keysOut,
    errors: [],
    tag,
    summary: "The org's API keys, newest first: name, visible prefix, scopes, rate limit, last used, revoked. Never the key.",
    auth: "admin",
  },
  {
    method: "post",
    path: "/api/integrations/keys",
    operationId: "createApiKey",
    response: R.keyCreatedOut,
    status: 201,
    errors: [],
    tag,
    summary:
      "Creates a key with the given scopes. `secret` is the key, shown only in this answer. Requests with it act as the org, attributed to you, with only those scopes.",
    body: S.apiKeyBody,
    auth: "admin",
  },
  {
    method: "delete",
    path: "/api/integrations/keys/{id}",
    operationId: "revokeApiKey",
    response: R.keyOneOut,
    errors: ["404 api_key_not_found"],
    tag,
    summary: "Revokes a key for good: its next request gets 401 `api_key_revoked`. Revoking twice changes nothing.",
    auth: "admin",
  },
  {
    method: "get",
    path: "/api/integrations/requests",
    operationId: "listApiRequests",
    response: R.apiRequestsOut,
    errors: [],
    tag,
    summary: "Requests made with the org's keys, newest first (key, method, path, status, time), refusals included.",
    query: S.apiRequestsQuery,
    auth: "admin",
  },
];
