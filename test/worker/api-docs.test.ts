import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
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
});
