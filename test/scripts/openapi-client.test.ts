/**
 * The API description is good enough to generate a client from: Redocly's recommended rules pass with no
 * problem at all, openapi-typescript turns it into types, and a small client written against those types
 * compiles (and one that reads a field the API does not have does not).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { openApiSpec } from "../../worker/openapi/spec";

const spec = openApiSpec("https://parley.example");
const dir = join(process.cwd(), "node_modules/.cache/openapi-client");

const CLIENT = `
import type { paths } from "./api";

type Json<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { "application/json": infer T } } };
}
  ? T
  : never;

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(\`https://parley.example\${path}\`, { credentials: "include", ...init });
  if (!res.ok) throw new Error(((await res.json()) as { error: { code: string } }).error.code);
  return (await res.json()) as T;
}

export async function firstContactNumber(): Promise<string | null> {
  const page = await call<Json<"/api/contacts", "get", 200>>("/api/contacts?limit=1");
  return page.contacts[0]?.numbers[0] ?? null;
}

export async function unread(): Promise<number> {
  const list = await call<Json<"/api/conversations", "get", 200>>("/api/conversations");
  return list.conversations.reduce((n, c) => n + c.waitingCount, 0);
}

export async function lastMessageText(id: string): Promise<string | undefined> {
  const history = await call<Json<"/api/conversations/{id}/messages", "get", 200>>(\`/api/conversations/\${id}/messages\`);
  const last = history.messages.at(-1)?.content;
  return last?.type === "text" ? last.body : undefined;
}

export async function plan(): Promise<"free" | "growth" | "business"> {
  return (await call<Json<"/api/billing", "get", 200>>("/api/billing")).billing.plan;
}
`;

function typeErrors(files: Record<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const program = ts.createProgram(
    Object.keys(files).map((f) => join(dir, f)),
    {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
      skipLibCheck: true,
    },
  );
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("OpenAPI document", () => {
  it("passes Redocly's recommended rules, with two named exceptions", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const result = await lintFromString({ source: JSON.stringify(spec), absoluteRef: "/openapi.json", config });
    const problems = result.map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? ""}`);
    // Two honest exceptions, no more: reads that cannot refuse anyone (inventing a 4xx for them would
    // mislead), and the WebSocket upgrades, whose success is 101 Switching Protocols, not a 2xx.
    const cannotFail = ["/api/health", "/api/openapi.json", "/api/docs", "/api/auth/csrf", "/api/billing/plans"];
    const sockets = ["/api/live/inbox", "/api/live/conversations/{id}"];
    const pointer = (path: string) => `#/paths/${path.replaceAll("/", "~1")}/get/responses`;
    expect(problems.sort()).toEqual(
      [
        ...cannotFail.map((p) => `operation-4xx-response ${pointer(p)}`),
        ...sockets.map((p) => `operation-2xx-response ${pointer(p)}`),
      ].sort(),
    );
  });

  it("generates TypeScript types a small client compiles against, and which refuse a field the API lacks", async () => {
    const types = astToString(await openapiTS(spec as never));
    expect(types).toContain("listContacts");
    expect(typeErrors({ "api.ts": types, "client.ts": CLIENT })).toEqual([]);
    const wrong = CLIENT.replace("page.contacts[0]?.numbers[0]", "page.contacts[0]?.phoneNumbers[0]");
    expect(typeErrors({ "api.ts": types, "client.ts": wrong }).join("\n")).toContain("phoneNumbers");
  }, 120_000);
});
