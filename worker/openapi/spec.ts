/** OpenAPI 3.1 from routeDocs: JSON Schema straight from the zod schemas the routes validate with. */
import { z } from "zod";
import { documentedErrors, successStatuses } from "./lookup";
import { routeDocs, type RouteDoc } from "./routes";
import { scopeOfRoute } from "../integrations/catalog";

const ERROR = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: "Stable; a program can switch on it." },
        message: { type: "string", description: "For a person: what went wrong and what to do." },
        details: { type: "object", description: "Facts beside the code, e.g. which plan limit and the usage." },
      },
    },
  },
};

const STATUS_TEXT: Record<number, string> = {
  101: "Switching to a WebSocket",
  200: "OK",
  201: "Created",
  202: "Accepted: the work goes on in the background",
  204: "Done; no body",
};

/**
 * A zod schema as JSON Schema for this document. Recursive schemas (JSON values) come out of zod with
 * their own `$defs`, referenced from the schema's root; inside an OpenAPI document refs resolve from the
 * document's root, so shared definitions move to `components.schemas` under one name each.
 */
class SchemaCollector {
  private readonly shared = new Map<string, string>();
  readonly components: Record<string, unknown> = {};

  jsonSchema(schema: z.core.$ZodType, io: "input" | "output"): Record<string, unknown> {
    const { shared, components } = this;
    const { $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown> & {
      $defs?: Record<string, unknown>;
    };
    const names = Object.entries($defs ?? {}).map(([key, def]) => {
      const body = JSON.stringify(def);
      const name = shared.get(body) ?? `Shared${shared.size + 1}`;
      shared.set(body, name);
      return [key, name, def] as const;
    });
    const relink = (text: string) =>
      names.reduce((t, [key, name]) => t.replaceAll(`"#/$defs/${key}"`, `"#/components/schemas/${name}"`), text);
    for (const [, name, def] of names) components[name] ??= JSON.parse(relink(JSON.stringify(def)));
    const text = relink(JSON.stringify(rest));
    return JSON.parse(text) as Record<string, unknown>;
  }
}

function success(r: RouteDoc, schemas: SchemaCollector) {
  const statuses = successStatuses(r);
  const body = (): Record<string, unknown> => {
    if (r.response === undefined || r.response === "none") return {};
    if (!("_zod" in r.response)) return { content: { [r.response.mediaType]: { schema: {} } } };
    return { content: { "application/json": { schema: schemas.jsonSchema(r.response, "output") } } };
  };
  const describe = (status: number) =>
    r.response && typeof r.response === "object" && !("_zod" in r.response) ? r.response.description : STATUS_TEXT[status]!;
  return Object.fromEntries(statuses.map((status) => [String(status), { description: describe(status), ...body() }]));
}

/** One response per error status, its description naming every code the route can answer with it. */
function errors(r: RouteDoc) {
  const byStatus = new Map<number, string[]>();
  for (const { status, code } of documentedErrors(r)) byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([status, codes]) => [
        String(status),
        {
          description: `\`error.code\` is one of: ${codes.map((c) => `\`${c}\``).join(", ")}.`,
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      ]),
  );
}

/** Routes an API key may call list the key (with the scope it needs) beside the session. */
function keySecurity(r: RouteDoc) {
  const scope = scopeOfRoute(r.method, r.path);
  return scope ? { security: [{ session: [] }, { apiKey: [scope] }], "x-api-key-scope": scope } : {};
}

function operation(r: RouteDoc, schemas: SchemaCollector) {
  const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
  const query = r.query ? (schemas.jsonSchema(r.query, "input") as { properties?: Record<string, unknown>; required?: string[] }) : null;
  const queryParams = Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: query?.required?.includes(name) ?? false,
    schema,
  }));
  return {
    tags: [r.tag],
    summary: r.summary,
    ...(r.auth === "public" || r.auth === "signature" ? { security: [] } : keySecurity(r)),
    ...(params.length || queryParams.length ? { parameters: [...params, ...queryParams] } : {}),
    ...(r.body && {
      requestBody: {
        required: true,
        content: { "application/json": { schema: schemas.jsonSchema(r.body, "input") } },
      },
    }),
    ...(r.rawBody && {
      requestBody: { required: true, description: r.rawBody, content: { "*/*": { schema: { type: "string", format: "binary" } } } },
    }),
    operationId: r.operationId,
    responses: { ...success(r, schemas), ...errors(r) },
    ...(r.auth === "admin" && { description: "Needs the owner or admin role." }),
    ...(r.auth === "owner" && { description: "Needs the owner role." }),
  };
}

export function openApiSpec(serverUrl: string) {
  // Each document collects its own shared definitions: nothing carries over between requests.
  const schemas = new SchemaCollector();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routeDocs) (paths[r.path] ??= {})[r.method] = operation(r, schemas);
  return {
    openapi: "3.1.0",
    info: {
      title: "Parley API",
      version: "1",
      license: { name: "Proprietary: see the terms", url: `${serverUrl}/terms` },
      description:
        "Parley's HTTP API. Sign in to get the `__Host-token` session cookie; send the `__Host-wa_csrf_token` cookie's value as `X-CSRF-Token` on every POST, PUT, PATCH and DELETE, with JSON bodies. Programs use an API key instead (`Authorization: Bearer prk_…`, no cookies, no CSRF header) on the operations that list the `apiKey` scheme. Errors are `{ error: { code, message } }`.",
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "__Host-token" },
        apiKey: {
          type: "http",
          scheme: "bearer",
          description:
            "An API key from Settings → Integrations (`prk_…`), as `Authorization: Bearer <key>`. No CSRF header; never together with the session cookie. Only operations listing `apiKey` accept it, and only with the scope named there (`x-api-key-scope`).",
        },
      },
      schemas: { Error: ERROR, ...schemas.components },
    },
    security: [{ session: [] }],
    paths,
  };
}
