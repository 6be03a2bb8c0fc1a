/**
 * An import's file is customers' data at rest in R2: its chunks and its refused-row reports are sealed
 * with the organization's data key (as exports are), never stored as readable text, and the import,
 * its sample and its report still read them back. The chunks go once every row is in D1.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { signUpOwner } from "../support/accounts";
import { expectJson } from "../support/api-errors";
import { start, upload, waitForImport } from "../support/imports";

const CSV = ["Name,Phone,Email", "Maria Sealed,+351 912 000 111,maria.sealed@example.com", "Refused Row,12,refused@example.com"].join("\n");
const SECRETS = ["Maria Sealed", "912 000 111", "maria.sealed@example.com", "Refused Row", "refused@example.com"];

async function storedObjects(prefix: string): Promise<{ key: string; text: string }[]> {
  const listed = await env.MEDIA.list({ prefix });
  return Promise.all(
    listed.objects.map(async (o) => ({
      key: o.key,
      text: new TextDecoder("latin1").decode(await (await env.MEDIA.get(o.key))!.arrayBuffer()),
    })),
  );
}

describe("import files in R2", () => {
  it("are sealed, and still read back for the sample, the import and the report", async () => {
    const owner = await signUpOwner("Sealed Co");
    const up = await upload(owner, CSV, "sealed.csv");
    // The mapping screen's sample is read back from the sealed chunk.
    expect(up.sample[0]).toEqual(["Maria Sealed", "+351 912 000 111", "maria.sealed@example.com"]);
    const again = await expectJson<{ sample: string[][] }>(await owner.browser.get(`/api/contact-imports/${up.import.id}`));
    expect(again.sample).toEqual(up.sample);

    const prefix = `uploads/${owner.orgId}/imports/${up.import.id}/`;
    const chunks = await storedObjects(prefix);
    expect(chunks.map((o) => o.key)).toEqual([`${prefix}chunk-00000.json`]);
    for (const o of chunks) for (const secret of SECRETS) expect(o.text).not.toContain(secret);

    await start(owner, up.import.id, { mapping: up.import.mapping });
    expect(await waitForImport(owner, up.import.id)).toMatchObject({ state: "done", created: 1, failed: 1 });
    // The chunk is gone; the report of refused rows stays, sealed too.
    const after = await storedObjects(prefix);
    expect(after.map((o) => o.key)).toEqual([`${prefix}rejected-00000.json`]);
    for (const o of after) for (const secret of SECRETS) expect(o.text).not.toContain(secret);
    const report = await owner.browser.get(`/api/contact-imports/${up.import.id}/errors.csv`);
    expect(report.status).toBe(200);
    expect(await report.text()).toMatch(/^line,error,Name,Phone,Email\r\n3,.*,Refused Row,12,refused@example.com\r\n$/);
  });
});
