/** Finds a request's route doc, and lists every error the route can answer (its own and its kind's). */
import { type ErrorDoc, type RouteDoc, routeDocs } from "./routes";

const SESSION_ERRORS: ErrorDoc[] = [
  "401 session_missing",
  "401 session_invalid",
  "401 session_revoked",
  "401 session_expired",
  "401 session_heartbeat_lapsed",
  "403 two_factor_required",
  "403 org_terminated",
  // An API key in place of the session (worker/integrations/key-auth.ts).
  "400 mixed_credentials",
  "401 api_key_invalid",
  "401 api_key_revoked",
  "403 api_key_not_allowed",
  "403 api_key_scope_missing",
  "429 rate_limited",
];
const WRITE_ERRORS: ErrorDoc[] = ["403 csrf_failed", "403 json_required", "413 payload_too_large"];
const SIGNATURE_ERRORS: ErrorDoc[] = ["401 signature_missing", "401 signature_malformed", "403 signature_invalid"];

/** The errors a route can answer, its own first, then those of its kind. */
export function errorDocs(doc: RouteDoc): ErrorDoc[] {
  const auth = doc.auth ?? "session";
  const all: ErrorDoc[] = [...(doc.errors ?? [])];
  if (auth === "session" || auth === "admin" || auth === "owner") all.push(...SESSION_ERRORS);
  if (auth === "admin" || auth === "owner") all.push("403 forbidden");
  if (auth === "signature") all.push(...SIGNATURE_ERRORS);
  if (doc.method !== "get" && doc.path.startsWith("/api/")) all.push(...WRITE_ERRORS);
  if (doc.body) all.push("400 invalid_json", "400 invalid_body");
  if (doc.query) all.push("400 invalid_query");
  return [...new Set(all)];
}

export function successStatuses(doc: RouteDoc): number[] {
  return doc.status === undefined ? [200] : Array.isArray(doc.status) ? doc.status : [doc.status];
}

export function documentedErrors(doc: RouteDoc): { status: number; code: string }[] {
  return errorDocs(doc).map((e) => {
    const [status, code] = e.split(" ") as [string, string];
    return { status: Number(status), code };
  });
}

// Literal paths before templated ones, so /api/contacts/export is not read as /api/contacts/{id}.
const matchers = routeDocs
  .map((doc) => ({
    doc,
    params: (doc.path.match(/\{/g) ?? []).length,
    re: new RegExp(`^${doc.path.replace(/\{\w+\}/g, "[^/]+")}$`),
  }))
  .sort((a, b) => a.params - b.params);

export function findRouteDoc(method: string, path: string): RouteDoc | undefined {
  // Hono answers HEAD with the GET route.
  const m = method === "HEAD" ? "get" : method.toLowerCase();
  return matchers.find((x) => x.doc.method === m && x.re.test(path))?.doc;
}
