/** Helpers for the restore tests: an export's zip as bytes, its tables, an upload, waiting for a restore. */
import { strFromU8, unzipSync, zipSync, strToU8 } from "fflate";
import { expect } from "vitest";
import type { Member } from "./accounts";
import { expectJson } from "./api-errors";
import { rowsOf, waitForExport, type PublicExport } from "./data";

export interface PublicRestore {
  id: string;
  status: string;
  phase: string | null;
  doneRows: number;
  totalRows: number;
  sourceOrgId: string;
  error: string | null;
  report: { members: { email: string; role: string }[]; numbers: { phoneNumberId: string }[] } | null;
}

export async function exportZip(member: Member): Promise<Uint8Array> {
  const { export: e } = await expectJson<{ export: PublicExport }>(await member.browser.post("/api/data/exports"), 202);
  expect((await waitForExport(member, e.id)).status).toBe("ready");
  const { url } = await expectJson<{ url: string }>(await member.browser.post(`/api/data/exports/${e.id}/link`));
  const res = await member.browser.get(url);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

export function filesOf(zip: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(zip)).map(([k, v]) => [k, strFromU8(v)]));
}

export const tableOf = (zip: Uint8Array, table: string) => rowsOf(filesOf(zip), table);

/** The same archive with some files changed (`null` drops one), zipped again by fflate. */
export function rezip(zip: Uint8Array, edit: Record<string, string | null>): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(unzipSync(zip))) if (!(k in edit)) files[k] = v;
  for (const [k, v] of Object.entries(edit)) if (v !== null) files[k] = strToU8(v);
  return zipSync(files);
}

export const upload = (member: Member, body: Uint8Array | string, type = "application/zip") =>
  member.browser.request("POST", "/api/data/restores", body, { "content-type": type });

export async function startRestore(member: Member, zip: Uint8Array): Promise<PublicRestore> {
  return (await expectJson<{ restore: PublicRestore }>(await upload(member, zip), 202)).restore;
}

export async function waitForRestore(member: Member, id: string, timeoutMs = 60_000): Promise<PublicRestore> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { restore } = await expectJson<{ restore: PublicRestore }>(await member.browser.get(`/api/data/restores/${id}`));
    if (restore.status === "ready" || restore.status === "failed") return restore;
    if (Date.now() > until) throw new Error(`restore ${id} still ${restore.status} (${restore.doneRows}/${restore.totalRows})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Rows as comparable strings, whatever their order. */
export const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
