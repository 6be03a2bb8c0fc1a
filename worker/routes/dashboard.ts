/** The analytics dashboard and its tables as CSV, from rollups (see worker/analytics/dashboard.ts). */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb } from "../../db/client";
import { dashboard, rangeOf } from "../analytics/dashboard";
import { dashboardCsv } from "../analytics/dashboard-csv";
import { queryParams } from "../middleware/query-params";
import { requireSession } from "../middleware/require-session";
import { dashboardExportQuery, dashboardQuery } from "../schemas/commerce";
import { csvResponse } from "./csv-response";

export const dashboardRoutes = new Hono<AppEnv>();
dashboardRoutes.use("*", requireSession());

dashboardRoutes.get("/", async (c) => {
  const started = Date.now();
  const range = rangeOf(queryParams(c, dashboardQuery));
  const body = await dashboard(openDb(c.env.DB), c.get("auth").org.id, range);
  // The Worker's own time for it (its clock moves across D1's I/O): what `npm run bench -- dashboard` reports.
  c.header("Server-Timing", `dashboard;dur=${Date.now() - started}`);
  return c.json(body);
});

dashboardRoutes.get("/export.csv", async (c) => {
  const q = queryParams(c, dashboardExportQuery);
  const d = await dashboard(openDb(c.env.DB), c.get("auth").org.id, rangeOf(q));
  return csvResponse(c, `dashboard-${q.table}.csv`, dashboardCsv(d, q.table));
});
