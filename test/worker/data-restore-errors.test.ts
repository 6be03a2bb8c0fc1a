/**
 * Restore refusals: each wrong upload gets its status, code and message and leaves nothing behind;
 * damage inside a part fails the restore in its verify pass, before the new org holds any of it.
 */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts } from "../../db/schema";
import { signUpOwner, type Member } from "../support/accounts";
import { expectError } from "../support/api-errors";
import { seedConversations } from "../support/data";
import { db } from "../support/parley";
import { exportZip, filesOf, rezip, startRestore, upload, waitForRestore } from "../support/restore";

let source: { owner: Member; zip: Uint8Array } | null = null;
async function archive() {
  if (!source) {
    const owner = await signUpOwner("Source");
    await seedConversations(owner, 50);
    source = { owner, zip: await exportZip(owner) };
  }
  return source;
}

const restoresStored = async (orgId: string) => (await env.MEDIA.list({ prefix: `data/${orgId}/restores/` })).objects.length;
const manifestWith = (zip: Uint8Array, change: Record<string, unknown>) =>
  JSON.stringify({ ...JSON.parse(filesOf(zip)["manifest.json"]!), ...change });

describe("restore: refused uploads", { timeout: 120_000 }, () => {
  it("not a zip, no manifest, another format, a later version: 422 with the reason, nothing kept", async () => {
    const { zip } = await archive();
    const b = await signUpOwner();
    await expectError(await upload(b, "just some text, not a zip"), 422, "archive_invalid", /not a readable zip/);
    await expectError(await upload(b, rezip(zip, { "manifest.json": null })), 422, "archive_invalid", /no manifest\.json/);
    await expectError(
      await upload(b, rezip(zip, { "manifest.json": manifestWith(zip, { format: "someone-else" }) })),
      422,
      "archive_invalid",
      /not describe a Parley export/,
    );
    await expectError(
      await upload(b, rezip(zip, { "manifest.json": manifestWith(zip, { version: 2 }) })),
      422,
      "archive_version",
      /format version 2; this Parley restores version 1/,
    );
    await expectError(await upload(b, rezip(zip, { "manifest.json": "{not json" })), 422, "archive_invalid", /not valid JSON/);
    expect(await restoresStored(b.orgId)).toBe(0);
    // The org is still new: a good archive goes in afterwards.
    expect((await waitForRestore(b, (await startRestore(b, zip)).id)).status).toBe("ready");
  });

  it("too big (413), not a zip type (415), empty (422)", async () => {
    const b = await signUpOwner();
    await expectError(await upload(b, new Uint8Array(1_000_001)), 413, "archive_too_big", /over 0 MB|over \d+ MB/);
    await expectError(await upload(b, "PK", "text/plain"), 415, "unsupported_media_type");
    await expectError(await upload(b, new Uint8Array(0)), 422, "archive_invalid", /empty/);
    expect(await restoresStored(b.orgId)).toBe(0);
  });

  it("only into a new organization: one with customers gets 409 org_not_empty, a second restore 409 restore_exists", async () => {
    const { owner, zip } = await archive();
    await expectError(await upload(owner, zip), 409, "org_not_empty", /new organization/);
    const b = await signUpOwner();
    await waitForRestore(b, (await startRestore(b, zip)).id);
    await expectError(await upload(b, zip), 409, "restore_exists");
  });
});

describe("restore: damaged archives fail before writing", { timeout: 120_000 }, () => {
  const firstPart = (zip: Uint8Array, table: string) =>
    Object.keys(filesOf(zip))
      .filter((k) => k.startsWith(`${table}/`) && k.endsWith(".ndjson"))
      .sort()[0]!;

  it("a line that is not JSON, or a part missing, fails the restore with the part named", async () => {
    const { zip } = await archive();
    const part = firstPart(zip, "messages");
    const b = await signUpOwner();
    const bad = await waitForRestore(b, (await startRestore(b, rezip(zip, { [part]: `${filesOf(zip)[part]}{oops\n` }))).id);
    expect(bad.status).toBe("failed");
    expect(bad.error).toMatch(new RegExp(`${part} line \\d+ is not a JSON object`));
    expect(await db().select().from(contacts).where(eq(contacts.orgId, b.orgId)).all()).toEqual([]);
    expect(await restoresStored(b.orgId)).toBe(0);

    const c = await signUpOwner();
    const short = await waitForRestore(c, (await startRestore(c, rezip(zip, { [part]: null }))).id);
    expect(short.status).toBe("failed");
    expect(short.error).toMatch(/incomplete: messages has \d+ rows where its manifest says \d+/);
  });

  it("bytes changed inside a part: its checksum or inflate fails, nothing is restored", async () => {
    const { zip } = await archive();
    const part = firstPart(zip, "contacts");
    // The local header of the part: its compressed bytes follow the 30-byte header and the name.
    const name = new TextEncoder().encode(part);
    let at = -1;
    for (let i = 0; i < zip.length - name.length && at < 0; i++) {
      if (zip[i] === 0x50 && zip[i + 1] === 0x4b && zip[i + 2] === 3 && zip[i + 3] === 4) {
        const n = zip[i + 26]! | (zip[i + 27]! << 8);
        if (n === name.length && new TextDecoder().decode(zip.subarray(i + 30, i + 30 + n)) === part) at = i + 30 + n;
      }
    }
    expect(at).toBeGreaterThan(0);
    const damaged = zip.slice();
    damaged[at + 5] = damaged[at + 5]! ^ 0xff;
    const b = await signUpOwner();
    const r = await waitForRestore(b, (await startRestore(b, damaged)).id);
    expect(r.status).toBe("failed");
    expect(r.error).toMatch(new RegExp(`damaged: ${part} (does not inflate|does not match its checksum|is not UTF-8)`));
    expect(await db().select().from(contacts).where(eq(contacts.orgId, b.orgId)).all()).toEqual([]);
  });
});
