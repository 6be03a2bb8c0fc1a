/** CSV import of contacts (owners and admins): upload, dry run of a mapping, start, progress, the rejected rows. */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb } from "../../db/client";
import { toImportView } from "../../db/contact-import-view";
import { auditEntry } from "../audit/audit-log";
import { ImportFiles } from "../crm/import/import-file";
import { dryRun, importOf, listImports, rejectedReport, sampleOf, startImport, uploadImport } from "../crm/import/imports";
import { jsonBody } from "../middleware/json-body";
import { queryParams } from "../middleware/query-params";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { importPlanBody, uploadQuery } from "../schemas/contact-imports";
import { AppError } from "../errors";

export const contactImportRoutes = new Hono<AppEnv>();
contactImportRoutes.use("*", requireSession(), requireRole("owner", "admin"));

contactImportRoutes.get("/", async (c) => c.json({ imports: await listImports(openDb(c.env.DB), c.get("auth").org.id) }));

/** The CSV is the raw body (any content type; the size limit is in app.ts); `?name=` is the file's name. */
contactImportRoutes.post("/", async (c) => {
  const { name } = queryParams(c, uploadQuery);
  const text = await c.req.text();
  if (!text.trim()) throw new AppError(422, "csv_empty", "The file is empty.");
  const { org, user } = c.get("auth");
  const uploaded = await uploadImport(c.env, openDb(c.env.DB), { orgId: org.id, userId: user.id }, name, text);
  return c.json(uploaded, 201);
});

contactImportRoutes.get("/:id", async (c) => {
  const db = openDb(c.env.DB);
  const row = await importOf(db, c.get("auth").org.id, c.req.param("id"));
  return c.json({ import: toImportView(row), sample: await sampleOf(c.env, db, row) });
});

contactImportRoutes.post("/:id/dry-run", async (c) => {
  const plan = await jsonBody(c, importPlanBody);
  const db = openDb(c.env.DB);
  const row = await importOf(db, c.get("auth").org.id, c.req.param("id"));
  if (row.state !== "draft") throw new AppError(409, "import_started", "This import has already started.");
  return c.json(await dryRun(c.env, db, row, plan));
});

contactImportRoutes.post("/:id/start", async (c) => {
  const plan = await jsonBody(c, importPlanBody);
  const db = openDb(c.env.DB);
  const { org } = c.get("auth");
  const started = await startImport(c.env, db, await importOf(db, org.id, c.req.param("id")), plan);
  await auditEntry(c, db, {
    orgId: org.id,
    action: "contacts.imported",
    target: { type: "contact_import", id: started.id },
    detail: { fileName: started.fileName, rows: started.totalRows },
  });
  return c.json({ import: started }, 202);
});

/** Every rejected row with its line and reason, then its cells as uploaded. */
contactImportRoutes.get("/:id/errors.csv", async (c) => {
  const db = openDb(c.env.DB);
  const row = await importOf(db, c.get("auth").org.id, c.req.param("id"));
  const files = await ImportFiles.of(c.env, db, row.orgId, row.fileKey);
  return new Response(rejectedReport(files, row), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${row.fileName.replace(/[^\w.-]+/g, "_").replace(/\.csv$/i, "")}-rejected.csv"`,
      "cache-control": "no-store",
    },
  });
});
