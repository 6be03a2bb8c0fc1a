/** Admin → Backups: exports and backups (owners and admins), and the signed download they hand out. */
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb } from "../../db/client";
import { dataExports } from "../../db/tables/data";
import { auditEntry } from "../audit/audit-log";
import { orgDataKey } from "../data/data-keys";
import { signDownload, verifyDownload } from "../data/download-link";
import { exportOf, LINK_TTL_MS, listExports, publicExport, startExport } from "../data/exports";
import { listRestores, publicRestore, restoreOf, startRestore } from "../data/restores";
import { SealedReader } from "../data/sealed-object";
import { AppError } from "../errors";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { downloadQuery, terminateBody } from "../schemas/data";
import { clearSessionCookie } from "../auth/cookies";
import { eraseContact } from "../data/erase-contact";
import { cancelTermination, terminateOrg } from "../data/terminate";
import { jsonBody } from "../middleware/json-body";

export const dataRoutes = new Hono<AppEnv>();
const admins = [requireSession(), requireRole("owner", "admin")] as const;
dataRoutes.use("/exports", ...admins);
dataRoutes.use("/exports/*", ...admins);
dataRoutes.use("/contacts/*", ...admins);
dataRoutes.use("/terminate", requireSession(), requireRole("owner"));
dataRoutes.use("/restores", requireSession(), requireRole("owner"));
dataRoutes.use("/restores/*", requireSession(), requireRole("owner"));
// Cancelling is what a terminated org's owner signs in to do.
dataRoutes.use("/terminate/cancel", requireSession({ allowTerminated: true }), requireRole("owner"));

dataRoutes.get("/exports", async (c) => {
  const rows = await listExports(openDb(c.env.DB), c.get("auth").org.id);
  return c.json({ exports: rows.map(publicExport) });
});

dataRoutes.post("/exports", async (c) => {
  const { org, user } = c.get("auth");
  const row = await startExport(c.env, openDb(c.env.DB), { orgId: org.id, kind: "export", requestedBy: user.id });
  return c.json({ export: publicExport(row) }, 202);
});

dataRoutes.get("/exports/:id", async (c) => {
  const row = await exportOf(openDb(c.env.DB), c.get("auth").org.id, c.req.param("id"));
  return c.json({ export: publicExport(row) });
});

/** A download link for a finished export or backup, valid for LINK_TTL_MS. Audited: data leaves here. */
dataRoutes.post("/exports/:id/link", async (c) => {
  const db = openDb(c.env.DB);
  const { org } = c.get("auth");
  const row = await exportOf(db, org.id, c.req.param("id"));
  if (row.status !== "ready") throw new AppError(409, "export_not_ready", "This export is not ready yet.");
  const expiresAt = Date.now() + LINK_TTL_MS;
  await auditEntry(c, db, { orgId: org.id, action: "data.exported", target: { type: row.kind, id: row.id } });
  return c.json({ url: await signDownload(c.env, row.id, expiresAt), expiresAt });
});

/**
 * The owner of a new organization uploads an export or backup zip as the body (Content-Length required,
 * so a too-big file is refused before a byte is stored). Checked at once; restored in the background.
 */
dataRoutes.post("/restores", async (c) => {
  const { org, user } = c.get("auth");
  const type = c.req.header("content-type")?.split(";")[0]?.trim();
  if (type !== "application/zip" && type !== "application/x-zip-compressed" && type !== "application/octet-stream")
    throw new AppError(415, "unsupported_media_type", "Send the export's zip as the body, with Content-Type: application/zip.");
  const length = Number(c.req.header("content-length"));
  if (!Number.isSafeInteger(length) || length < 0) throw new AppError(411, "length_required", "Say the zip's size in Content-Length.");
  const db = openDb(c.env.DB);
  const row = await startRestore(c.env, db, { orgId: org.id, userId: user.id, body: c.req.raw.body, length });
  await auditEntry(c, db, { orgId: org.id, action: "data.restore_started", target: { type: "restore", id: row.id } });
  return c.json({ restore: publicRestore(row) }, 202);
});

dataRoutes.get("/restores", async (c) => {
  const rows = await listRestores(openDb(c.env.DB), c.get("auth").org.id);
  return c.json({ restores: rows.map(publicRestore) });
});

dataRoutes.get("/restores/:id", async (c) => {
  const row = await restoreOf(openDb(c.env.DB), c.get("auth").org.id, c.req.param("id"));
  return c.json({ restore: publicRestore(row) });
});

/** End-customer erasure: the contact and everything of theirs; 404 outside the caller's org. */
dataRoutes.delete("/contacts/:id", async (c) => {
  const erased = await eraseContact(c, openDb(c.env.DB), c.req.param("id"));
  return c.json({ erased: true, ...erased });
});

/** The owner terminates the organization (password, 2FA code if on, and its name typed out). */
dataRoutes.post("/terminate", async (c) => {
  const body = await jsonBody(c, terminateBody);
  const { purgeAfter } = await terminateOrg(c, openDb(c.env.DB), body);
  clearSessionCookie(c);
  return c.json({ terminated: true, purgeAfter });
});

dataRoutes.post("/terminate/cancel", async (c) => {
  await cancelTermination(c, openDb(c.env.DB));
  return c.json({ cancelled: true });
});

export const dataDownloads = new Hono<AppEnv>();

/** No session: the signed link is the permission, so a plain browser download or curl works. */
dataDownloads.get("/:id", async (c) => {
  const q = downloadQuery.safeParse(c.req.query());
  const id = c.req.param("id");
  if (!q.success || !(await verifyDownload(c.env, id, q.data.exp, q.data.kid, q.data.sig))) {
    throw new AppError(403, "link_invalid", "This download link is wrong or has expired. Make a new one in Backups.");
  }
  const db = openDb(c.env.DB);
  const found = await db.select().from(dataExports).where(eq(dataExports.id, id)).get();
  if (found?.status !== "ready") throw new AppError(410, "export_gone", "This export has been deleted.");
  const reader = await SealedReader.open(c.env.MEDIA, found.r2Key, await orgDataKey(c.env, db, found.orgId));
  if (!reader) throw new AppError(410, "export_gone", "This export has been deleted.");
  const day = new Date(found.createdAt).toISOString().slice(0, 10);
  return new Response(reader.stream(), {
    headers: {
      "content-type": "application/zip",
      "content-length": String(reader.size),
      "content-disposition": `attachment; filename="parley-${found.kind}-${day}.zip"`,
      "cache-control": "no-store",
    },
  });
});
