/** Helpers for the data tests: an org with conversations and messages, and waiting for an export. */
import { unzipSync, strFromU8 } from "fflate";
import { expect } from "vitest";
import type { Member } from "./accounts";
import { expectJson } from "./api-errors";
import { seedNumber } from "./numbers";
import { conversationsOf, fixture, postWebhook, seedOutbound } from "./parley";

export interface PublicExport {
  id: string;
  kind: string;
  status: string;
  doneRows: number;
  totalRows: number;
  bytes: number | null;
}

/** Two customers (batch fixture: three messages) and `extra` business messages plus a note in the first conversation. */
export async function seedConversations(owner: Member, extra = 100) {
  const number = await seedNumber(owner.orgId);
  expect((await postWebhook(fixture("batch_01_three_messages_two_contacts", number.phoneNumberId))).status).toBe(200);
  const convs = await conversationsOf(owner.orgId);
  const first = convs.sort((a, b) => a.id.localeCompare(b.id))[0]!;
  for (let i = 0; i < extra; i++) await seedOutbound(owner.orgId, first.id, number.phoneNumberId, { body: `reply ${i} =SUM(A1)` });
  return { number, conversations: convs, first };
}

/** Polls the export until it is ready or failed (the Queue runs it in the background). */
export async function waitForExport(member: Member, id: string, timeoutMs = 60_000): Promise<PublicExport> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { export: e } = await expectJson<{ export: PublicExport }>(await member.browser.get(`/api/data/exports/${id}`));
    if (e.status === "ready" || e.status === "failed") return e;
    if (Date.now() > until) throw new Error(`export ${id} still ${e.status} (${e.doneRows}/${e.totalRows})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Downloads a ready export through its signed link and unzips it. */
export async function downloadExport(member: Member, id: string): Promise<Record<string, string>> {
  const { url } = await expectJson<{ url: string }>(await member.browser.post(`/api/data/exports/${id}/link`));
  const res = await member.browser.get(url);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/zip");
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]));
}

/** Every NDJSON row of a table, across its parts, in order. */
export function rowsOf(files: Record<string, string>, table: string): Record<string, unknown>[] {
  return Object.keys(files)
    .filter((k) => k.startsWith(`${table}/`) && k.endsWith(".ndjson"))
    .sort()
    .flatMap((k) =>
      files[k]!.split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    );
}
