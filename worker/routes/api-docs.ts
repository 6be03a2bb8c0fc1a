/** /api/openapi.json, and /api/docs: the same, as a page (server-rendered, no script, so the CSP holds). */
import { Hono } from "hono";
import { html } from "hono/html";
import type { AppEnv } from "../app-env";
import { routeDocs } from "../openapi/routes";
import { openApiSpec } from "../openapi/spec";
import { z } from "zod";

export const apiDocs = new Hono<AppEnv>();

apiDocs.get("/openapi.json", (c) => c.json(openApiSpec(new URL(c.req.url).origin)));

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#0f172a;background:#f8fafc}
h1{margin:0}h2{margin-top:2rem;border-bottom:1px solid #e2e8f0}.r{border:1px solid #e2e8f0;border-radius:.5rem;background:#fff;margin:.5rem 0;padding:.5rem .75rem}
.m{display:inline-block;min-width:4rem;font:600 12px ui-monospace,monospace;text-transform:uppercase}.get{color:#0369a1}.post{color:#15803d}.put,.patch{color:#b45309}.delete{color:#b91c1c}
code{font:13px ui-monospace,monospace}pre{background:#f1f5f9;padding:.5rem;border-radius:.4rem;overflow:auto;font-size:12px}summary{cursor:pointer}
@media (prefers-color-scheme:dark){body{background:#0b1220;color:#e2e8f0}.r{background:#111a2e;border-color:#1e293b}pre{background:#0f172a}}`;

// A stylesheet of its own, so the page lives under the app's CSP (style-src 'self', nothing inline).
apiDocs.get("/docs.css", (c) => c.body(STYLE, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=3600" }));

apiDocs.get("/docs", (c) => {
  const tags = [...new Set(routeDocs.map((r) => r.tag))];
  return c.html(html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Parley API</title>
        <link rel="stylesheet" href="/api/docs.css" />
      </head>
      <body>
        <h1>Parley API</h1>
        <p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors are <code>{ error: { code, message } }</code>; state-changing requests need the <code>X-CSRF-Token</code> header.</p>
        ${tags.map(
          (tag) => html`<h2>${tag}</h2>
            ${routeDocs
              .filter((r) => r.tag === tag)
              .map(
                (r) => html`<div class="r">
                  <span class="m ${r.method}">${r.method}</span> <code>${r.path}</code>${r.auth === "admin" ? " · admin" : r.auth === "public" ? " · public" : ""}
                  <div>${r.summary}</div>
                  ${
                    r.body || r.query
                      ? html`<details><summary>${r.body ? "Body" : "Query"} schema</summary><pre>${JSON.stringify(z.toJSONSchema((r.body ?? r.query)!, { io: "input", unrepresentable: "any" }), null, 2)}</pre></details>`
                      : ""
                  }
                </div>`,
              )}`,
        )}
      </body>
    </html>`);
});
