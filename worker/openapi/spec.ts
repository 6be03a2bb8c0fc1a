/** OpenAPI 3.1 from routeDocs: JSON Schema straight from the zod schemas the routes validate with. */
import { z } from "zod";
import { routeDocs, type RouteDoc } from "./routes";

const ERROR = {
  type: "object",
  required: ["error"],
  properties: {
    error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" } } },
  },
};

function operation(r: RouteDoc) {
  const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
  const query = r.query
    ? (z.toJSONSchema(r.query, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, unknown>; required?: string[] })
    : null;
  const queryParams = Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: query?.required?.includes(name) ?? false,
    schema,
  }));
  return {
    tags: [r.tag],
    summary: r.summary,
    ...(r.auth === "public" || r.auth === "signature" ? { security: [] } : {}),
    ...(params.length || queryParams.length ? { parameters: [...params, ...queryParams] } : {}),
    ...(r.body && {
      requestBody: {
        required: true,
        content: { "application/json": { schema: z.toJSONSchema(r.body, { io: "input", unrepresentable: "any" }) } },
      },
    }),
    ...(r.rawBody && {
      requestBody: { required: true, description: r.rawBody, content: { "*/*": { schema: { type: "string", format: "binary" } } } },
    }),
    responses: {
      "200": { description: "OK" },
      default: {
        description: "An error: `{ error: { code, message } }` with the matching status.",
        content: { "application/json": { schema: ERROR } },
      },
    },
    ...(r.auth === "admin" && { description: "Needs the owner or admin role." }),
  };
}

export function openApiSpec(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routeDocs) (paths[r.path] ??= {})[r.method] = operation(r);
  return {
    openapi: "3.1.0",
    info: {
      title: "Parley API",
      version: "1",
      description:
        "Parley's HTTP API. Sign in to get the `__Host-token` session cookie; send the `__Host-wa_csrf_token` cookie's value as `X-CSRF-Token` on every POST, PUT, PATCH and DELETE, with JSON bodies. Errors are `{ error: { code, message } }`.",
    },
    servers: [{ url: serverUrl }],
    components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "__Host-token" } } },
    security: [{ session: [] }],
    paths,
  };
}
