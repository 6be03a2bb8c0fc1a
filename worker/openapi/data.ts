/** Docs for the data routes (exports, backups, erasure, termination): worker/routes/data.ts. */
import type { RouteDoc } from "./routes";
import * as data from "../schemas/data";

export const dataRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/api/data/exports",
    tag: "Data",
    summary: "Exports and backups of the org, newest first, with progress.",
    auth: "admin",
  },
  {
    method: "post",
    path: "/api/data/exports",
    tag: "Data",
    summary: "Starts an export of everything the org holds (202). Built in the background; 409 export_running while one is.",
    auth: "admin",
  },
  {
    method: "get",
    path: "/api/data/exports/{id}",
    tag: "Data",
    summary: "One export or backup; 404 export_not_found outside the org.",
    auth: "admin",
  },
  {
    method: "post",
    path: "/api/data/exports/{id}/link",
    tag: "Data",
    summary: "A signed download link valid for 5 minutes (audited as data.exported); 409 export_not_ready.",
    auth: "admin",
  },
  {
    method: "get",
    path: "/api/data/download/{id}",
    tag: "Data",
    summary: "The zip, decrypted as it streams. The signed query is the permission; 403 link_invalid when wrong or expired.",
    query: data.downloadQuery,
    auth: "public",
  },
];
