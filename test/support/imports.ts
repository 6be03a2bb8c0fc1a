/** Helpers for the contact import tests: upload a CSV, start it, wait for the Queue to finish it. */
import { expect } from "vitest";
import type { ContactImportView } from "../../db/contact-import-view";
import type { Member } from "./accounts";
import { expectJson } from "./api-errors";

export interface Uploaded {
  import: ContactImportView;
  sample: string[][];
}

export async function upload(member: Member, csv: string, name = "contacts.csv"): Promise<Uploaded> {
  const res = await member.browser.request("POST", `/api/contact-imports?name=${encodeURIComponent(name)}`, csv, {
    "content-type": "text/csv",
  });
  return expectJson<Uploaded>(res, 201);
}

export type Plan = { mapping: (string | null)[]; defaultCountry?: string | null; onDuplicate?: "update" | "skip" };

export async function start(member: Member, id: string, plan: Plan): Promise<ContactImportView> {
  return (await expectJson<{ import: ContactImportView }>(await member.browser.post(`/api/contact-imports/${id}/start`, plan), 202)).import;
}

/** Polls until the import is done or failed (the Queue runs it in the background). */
export async function waitForImport(member: Member, id: string, timeoutMs = 60_000): Promise<ContactImportView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { import: view } = await expectJson<{ import: ContactImportView }>(await member.browser.get(`/api/contact-imports/${id}`));
    if (view.state === "done" || view.state === "failed") return view;
    if (Date.now() > until) throw new Error(`import ${id} still ${view.state} at ${view.nextRow}/${view.totalRows}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Upload, start with the guessed mapping (or `plan`), wait. */
export async function importCsv(member: Member, csv: string, plan: Partial<Plan> = {}): Promise<ContactImportView> {
  const up = await upload(member, csv);
  await start(member, up.import.id, { mapping: up.import.mapping, ...plan });
  const done = await waitForImport(member, up.import.id);
  expect(done.state).toBe("done");
  return done;
}
