/**
 * Holds the code to its documentation. With OPENAPI_CONFORMANCE=strict (the workerd tests set it), every
 * /api answer is checked against its route's doc: the route must be documented, a JSON success body must
 * parse with the documented response schema, and an error must be one the doc lists. A mismatch turns the
 * answer into a 500 `openapi_drift` naming what differs, so the test that made the request fails where the
 * drift is. Production never sets the flag; the check costs nothing there.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { safeParse } from "zod";
import { documentedErrors, findRouteDoc, successStatuses } from "./lookup";
import type { RouteDoc } from "./routes";

/** What the docs cover, and what they leave out on purpose: dev tools and the docs page's stylesheet. */
const DOCUMENTED = /^\/(api|webhooks)\//;
const UNDOCUMENTED = /^\/api\/(dev\/|docs\.css$)/;

export function openApiConformance(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    // Not a declared binding: only the tests set it (vitest.config.ts).
    const mode = (c.env as { OPENAPI_CONFORMANCE?: string } | undefined)?.OPENAPI_CONFORMANCE;
    if (mode !== "strict" && mode !== "record") return;
    if (!DOCUMENTED.test(c.req.path) || UNDOCUMENTED.test(c.req.path)) return;
    const doc = findRouteDoc(c.req.method, c.req.path);
    const res = c.res;
    const isJson = res.headers.get("content-type")?.includes("application/json") ?? false;
    const body: unknown = isJson
      ? await res
          .clone()
          .json()
          .catch(() => undefined)
      : undefined;
    const problem = check(doc, res.status, body, isJson);
    if (mode === "record") {
      console.log(
        `[openapi] ${c.req.method} ${doc?.path ?? c.req.path} ${res.status} ${errorCode(body) ?? shape(body)}${problem ? ` !! ${problem}` : ""}`,
      );
      return;
    }
    if (problem) {
      c.res = Response.json(
        { error: { code: "openapi_drift", message: `${c.req.method} ${c.req.path} answered ${res.status}: ${problem}` } },
        { status: 500 },
      );
    }
  };
}

function check(doc: RouteDoc | undefined, status: number, body: unknown, isJson: boolean): string | null {
  // No route at all: the app's own 404 (also what a wrong method gets).
  if (!doc) return status === 404 && errorCode(body) === "not_found" ? null : "the route is not in the OpenAPI docs (worker/openapi/)";
  if (status >= 500 || (status >= 300 && status < 400)) return null; // Our own failures and redirects.
  if (status >= 400) {
    // A route whose errors are not written down yet is caught by the docs test, not here.
    if (doc.errors === undefined) return null;
    const code = errorCode(body) ?? "";
    return documentedErrors(doc).some((e) => e.status === status && e.code === code)
      ? null
      : `error ${status} ${code} is not among the route's documented errors`;
  }
  if (!successStatuses(doc).includes(status)) return `documented success status is ${successStatuses(doc).join(" or ")}`;
  if (doc.response === undefined) return "the route documents no success response";
  if (doc.response === "none") return isJson ? "documented as no body, but answered JSON" : null;
  if (!("_zod" in doc.response)) return null; // A described non-JSON answer (file, CSV, HTML, stream).
  if (!isJson) return "documented as JSON, but the answer is not JSON";
  const parsed = safeParse(doc.response, body);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  return `the body does not match the documented response at ${issue.path.join(".") || "(root)"}: ${issue.message}`;
}

function errorCode(body: unknown): string | undefined {
  const err = (body as { error?: { code?: unknown } } | undefined)?.error;
  return typeof err?.code === "string" ? err.code : undefined;
}

/** A compact type sketch of a JSON value, for the record mode's log. */
function shape(v: unknown, depth = 0): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `[${v.length ? shape(v[0], depth + 1) : ""}]`;
  if (typeof v === "object") {
    if (depth > 3) return "{…}";
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}:${shape(x, depth + 1)}`)
      .join(",")}}`;
  }
  return typeof v;
}
