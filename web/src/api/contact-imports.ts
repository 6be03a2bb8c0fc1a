/** Contact creation and CSV imports. Types from the Worker's schemas and views. */
import type { z } from "zod";
import type { ContactImportView } from "../../../db/contact-import-view";
import type { createContactBody } from "../../../worker/schemas/contacts";
import type { ImportPlan } from "../../../worker/schemas/contact-imports";
import type { ContactView } from "./crm";
import { api, upload } from "./client";

export type { ContactImportView, ImportPlan };

export interface DryRun {
  counts: { rows: number; create: number; update: number; unchanged: number; skip: number; error: number };
  preview: { line: number; cells: string[]; outcome: "create" | "update" | "unchanged" | "skip" | "error"; message?: string }[];
}

const path = (id: string) => `/api/contact-imports/${encodeURIComponent(id)}`;

export const importsApi = {
  list: () => api.get<{ imports: ContactImportView[] }>("/api/contact-imports"),
  upload: (file: File) =>
    upload<{ import: ContactImportView; sample: string[][] }>(`/api/contact-imports?name=${encodeURIComponent(file.name)}`, file),
  get: (id: string) => api.get<{ import: ContactImportView; sample: string[][] }>(path(id)),
  dryRun: (id: string, plan: ImportPlan) => api.post<DryRun>(`${path(id)}/dry-run`, plan),
  start: (id: string, plan: ImportPlan) => api.post<{ import: ContactImportView }>(`${path(id)}/start`, plan),
  reportHref: (id: string) => `${path(id)}/errors.csv`,
  createContact: (body: z.input<typeof createContactBody>) => api.post<{ contact: ContactView }>("/api/contacts", body),
};
