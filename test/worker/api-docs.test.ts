import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { app } from "../../worker/app";
import { errorDocs } from "../../worker/openapi/lookup";
import { routeDocs } from "../../worker/openapi/routes";

describe("API documentation", () => {
  it("serves OpenAPI 3.1 with every documented route and its body schema", async () => {
    const res = await SELF.fetch("https://parley.test/api/openapi.json");
    expect(res.status).toBe(200);
    const spec = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; additionalProperties?: boolean } }> };
          }
        >
      >;
    };
    expect(spec.openapi).toBe("3.1.0");
    expect(Object.values(spec.paths).flatMap((p) => Object.keys(p))).toHaveLength(routeDocs.length);
    const send = spec.paths["/api/auth/signup"]!.post!.requestBody!.content["application/json"]!.schema;
    expect(Object.keys(send.properties ?? {})).toEqual(["orgName", "name", "email", "password"]);
    expect(send.additionalProperties).toBe(false);
  });

  it("serves a browsable page under a strict CSP", async () => {
    const res = await SELF.fetch("https://parley.test/api/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("content-security-policy")).toContain("style-src 'self'");
    expect(res.headers.get("content-security-policy")).not.toContain("unsafe-inline");
    expect((await SELF.fetch("https://parley.test/api/docs.css")).headers.get("content-type")).toMatch(/text\/css/);
    const page = await res.text();
    expect(page).toContain("/api/conversations/{id}/messages");
  });

  it("documents every route the app serves", async () => {
    // Each documented path answers something other than the app-wide 404.
    for (const r of routeDocs.filter((d) => d.method === "get" && !d.path.includes("{"))) {
      const res = await SELF.fetch(`https://parley.test${r.path}`);
      const body = res.headers.get("content-type")?.includes("json") ? ((await res.json()) as { error?: { code: string } }) : {};
      expect(body.error?.code, r.path).not.toBe("not_found");
    }
  });

  it("has a doc for every route the app registers, and a route for every doc", () => {
    // Hono lists middleware as method ALL; dev tools and the docs' stylesheet are left out on purpose.
    const served = new Set(
      app.routes
        .filter((r) => r.method !== "ALL" && /^\/(api|webhooks)\//.test(r.path) && !/^\/api\/(dev\/|docs\.css$)/.test(r.path))
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`),
    );
    const documented = new Set(routeDocs.map((d) => `${d.method} ${d.path}`));
    expect(
      [...served].filter((r) => !documented.has(r)),
      "served but not documented",
    ).toEqual([]);
    expect(
      [...documented].filter((r) => !served.has(r)),
      "documented but not served",
    ).toEqual([]);
  });

  it("gives every operation a unique camelCase operationId, a success response and its errors", () => {
    const ids = routeDocs.map((d) => d.operationId);
    expect(ids.filter((id) => !/^[a-z][a-zA-Z0-9]*$/.test(id))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(
      routeDocs.filter((d) => d.response === undefined).map((d) => `${d.method} ${d.path}`),
      "no response",
    ).toEqual([]);
    expect(
      routeDocs.filter((d) => d.errors === undefined).map((d) => `${d.method} ${d.path}`),
      "errors not listed",
    ).toEqual([]);
    // Every route that takes input or needs a session can refuse it: no operation without a 4xx.
    expect(routeDocs.filter((d) => d.auth !== "public" && errorDocs(d).length === 0).map((d) => d.path)).toEqual([]);
  });

  it("answers outside the docs become a 500 openapi_drift in tests, so the docs cannot drift from the code", async () => {
    // The conformance check is on in every workerd test (vitest.config.ts): an undocumented route is refused.
    const { openApiConformance } = await import("../../worker/openapi/conformance");
    const { Hono } = await import("hono");
    const probe = new Hono<{ Bindings: { OPENAPI_CONFORMANCE: string } }>();
    probe.use(openApiConformance() as never);
    probe.get("/api/auth/csrf", (c) => c.json({ csrfToken: 42 }));
    probe.get("/api/undocumented", (c) => c.json({ ok: true }));
    probe.get("/api/org", (c) => c.json({ error: { code: "teapot", message: "no" } }, 418 as never));
    const env = { OPENAPI_CONFORMANCE: "strict" };
    const wrongShape = await probe.request("/api/auth/csrf", {}, env);
    expect(wrongShape.status).toBe(500);
    expect(((await wrongShape.json()) as { error: { code: string; message: string } }).error.message).toContain("csrfToken");
    expect((await probe.request("/api/undocumented", {}, env)).status).toBe(500);
    const undocumentedError = await probe.request("/api/org", {}, env);
    expect(((await undocumentedError.json()) as { error: { message: string } }).error.message).toContain("418 teapot");
  });
});
