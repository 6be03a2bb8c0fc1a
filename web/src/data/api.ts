/** /api/data: exports and backups for owners and admins. */
import type { DataExport } from "../../../db/tables/data";
import { api } from "../api/client";

/** worker/data/exports.ts `publicExport`: no storage key, no job state. */
export type PublicExport = Pick<
  DataExport,
  "id" | "kind" | "status" | "phase" | "doneRows" | "totalRows" | "bytes" | "error" | "createdAt" | "finishedAt" | "expiresAt"
>;

export const dataApi = {
  list: () => api.get<{ exports: PublicExport[] }>("/api/data/exports"),
  start: () => api.post<{ export: PublicExport }>("/api/data/exports"),
  link: (id: string) => api.post<{ url: string; expiresAt: number }>(`/api/data/exports/${encodeURIComponent(id)}/link`),
};

export const terminationApi = {
  terminate: (body: { password: string; code?: string; confirmName: string }) =>
    api.post<{ terminated: true; purgeAfter: number }>("/api/data/terminate", body),
  cancel: () => api.post<{ cancelled: true }>("/api/data/terminate/cancel"),
};
