/**
 * CSV import of contacts: the mapping guessed from the headers, a dry run that counts what would
 * happen, the background import (Queue, chunked) with numbers normalized to E.164, dedupe into existing
 * contacts (update or skip, Brazil's 9th digit), a re-import that changes nothing, and the report of
 * rejected rows with their reasons.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts } from "../../db/schema";
import { contactEvents } from "../../db/tables/crm";
import { signUpOwner } from "../support/accounts";
import { expectJson } from "../support/api-errors";
import { importCsv, start, upload, waitForImport } from "../support/imports";
import { db } from "../support/parley";

const contactsOf = (orgId: string) => db().select().from(contacts).where(eq(contacts.orgId, orgId)).all();
const byPhone = async (orgId: string, waId: string) =>
  db()
    .select()
    .from(contacts)
    .where(and(eq(contacts.orgId, orgId), eq(contacts.waId, waId)))
    .get();

const CSV = [
  "Full name,Mobile,E-mail,Tags,Newsletter,Tier",
  'Ana Silva,912 345 678,ana@example.com,"vip, lisbon",yes,gold',
  "Bruno Costa,+351 913 000 111,,porto,no,",
  "Bad Number,12,bad@example.com,,,",
  "No Contact,,,,,",
  'Carla "CJ" Dias,00351 914 222 333,CARLA@Example.com,,,silver',
  "Bad Email,915 111 222,not-an-email,,,",
].join("\n");

describe("CSV import", () => {
  it("guesses the mapping, dry-runs it, imports in the background and reports the rejected rows", async () => {
    const owner = await signUpOwner("Import Co");
    await expectJson(
      await owner.browser.post("/api/custom-fields", { key: "tier", label: "Tier", type: "select", options: ["gold", "silver"] }),
      201,
    );
    const up = await upload(owner, CSV, "customers.csv");
    expect(up.import).toMatchObject({ state: "draft", fileName: "customers.csv", totalRows: 6 });
    expect(up.import.columns).toEqual(["Full name", "Mobile", "E-mail", "Tags", "Newsletter", "Tier"]);
    expect(up.import.mapping).toEqual(["name", "phone", "email", "tags", "optIn", "custom.tier"]);
    expect(up.sample[0]).toEqual(["Ana Silva", "912 345 678", "ana@example.com", "vip, lisbon", "yes", "gold"]);

    const plan = { mapping: up.import.mapping, defaultCountry: "PT" };
    const dry = await expectJson<{ counts: Record<string, number>; preview: { line: number; outcome: string; message?: string }[] }>(
      await owner.browser.post(`/api/contact-imports/${up.import.id}/dry-run`, plan),
    );
    expect(dry.counts).toEqual({ rows: 6, create: 3, update: 0, unchanged: 0, skip: 0, error: 3 });
    expect(dry.preview.map((p) => p.outcome)).toEqual(["create", "create", "error", "error", "create", "error"]);
    expect(dry.preview[2]).toMatchObject({ line: 4, message: expect.stringContaining('"12" is not a valid phone number for PT') });
    expect(await contactsOf(owner.orgId)).toEqual([]);

    await start(owner, up.import.id, plan);
    const done = await waitForImport(owner, up.import.id);
    expect(done).toMatchObject({ state: "done", nextRow: 6, created: 3, updated: 0, unchanged: 0, failed: 3, hasErrorReport: true });

    const ana = await byPhone(owner.orgId, "351912345678");
    expect(ana).toMatchObject({
      displayName: "Ana Silva",
      email: "ana@example.com",
      tags: ["vip", "lisbon"],
      customFields: { tier: "gold" },
    });
    expect(ana?.marketingOptInSource).toBe("import");
    expect(ana?.marketingOptInBasis).toContain("customers.csv");
    expect(await byPhone(owner.orgId, "351913000111")).toMatchObject({ displayName: "Bruno Costa", marketingOptOutSource: "import" });
    expect(await byPhone(owner.orgId, "351914222333")).toMatchObject({ displayName: 'Carla "CJ" Dias', email: "carla@example.com" });
    const events = await db().select().from(contactEvents).where(eq(contactEvents.contactId, ana!.id)).all();
    expect(events.map((e) => e.kind).sort()).toEqual(["import", "opt_in"]);

    const report = await owner.browser.get(`/api/contact-imports/${up.import.id}/errors.csv`);
    expect(report.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await report.text()).trim().split("\r\n");
    expect(lines[0]).toBe("line,error,Full name,Mobile,E-mail,Tags,Newsletter,Tier");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["4", "5", "7"]);
    expect(lines[2]).toContain("Needs a phone number or an email");
    expect(lines[3]).toContain('email: ""not-an-email"" is not a valid address.');
  });

  it("re-importing the same file changes nothing; a changed row fills in its contact, or is skipped", async () => {
    const owner = await signUpOwner("Reimport Co");
    const csv = "name,phone,email,tags\nAna,+351912345678,ana@example.com,vip\nBea,+351913333444,,\n";
    const first = await importCsv(owner, csv);
    expect(first).toMatchObject({ created: 2, updated: 0 });
    const before = await contactsOf(owner.orgId);
    const again = await importCsv(owner, csv);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 0 });
    expect(await contactsOf(owner.orgId)).toEqual(before);

    // Found by email, a new tag and a name: the contact is filled in (tags added, its number kept).
    const changed = await importCsv(owner, "name,phone,email,tags\nAna Maria,,ana@example.com,newsletter\n");
    expect(changed).toMatchObject({ created: 0, updated: 1 });
    expect(await byPhone(owner.orgId, "351912345678")).toMatchObject({ displayName: "Ana Maria", tags: ["vip", "newsletter"] });

    const skipped = await importCsv(owner, "name,phone\nSomeone Else,+351913333444\n", { onDuplicate: "skip" });
    expect(skipped).toMatchObject({ created: 0, updated: 0, skipped: 1 });
    expect((await byPhone(owner.orgId, "351913333444"))?.displayName).toBe("Bea");
    expect(await contactsOf(owner.orgId)).toHaveLength(2);
  });

  it("treats a Brazilian mobile with and without its 9th digit as one contact, earlier numbers too", async () => {
    const owner = await signUpOwner("Brasil Ltda");
    // WhatsApp reports this customer without the 9.
    await db()
      .insert(contacts)
      .values({
        id: `ct_br_${crypto.randomUUID().slice(0, 8)}`,
        orgId: owner.orgId,
        waId: "551188887777",
        profileName: "João",
        updatedAt: 1,
      });
    const done = await importCsv(owner, "nome,celular,email\nJoão Souza,(11) 98888-7777,joao@example.com\n", { defaultCountry: "BR" });
    expect(done).toMatchObject({ created: 0, updated: 1 });
    const all = await contactsOf(owner.orgId);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ waId: "551188887777", displayName: "João Souza", email: "joao@example.com" });
  });
});

describe("CSV export, imported back", () => {
  it("is matched column by column and changes nothing", async () => {
    const owner = await signUpOwner("Round Trip Co");
    await expectJson(
      await owner.browser.post("/api/custom-fields", { key: "colours", label: "Colours", type: "multiselect", options: ["blue", "white"] }),
      201,
    );
    const csv = [
      "name,phone,email,tags,city,marketing,colours,lead score",
      'Ana,+351912345678,ana@example.com,"vip,lisbon",Lisboa,yes,blue;white,70',
      "Bea,+351913333444,,,,no,,",
      "Caio,+5511988887777,,,,,,",
    ].join("\n");
    expect(await importCsv(owner, csv)).toMatchObject({ created: 3, failed: 0 });
    const before = await contactsOf(owner.orgId);
    const exported = await (await owner.browser.get("/api/contacts/export")).text();
    const up = await upload(owner, exported, "export.csv");
    const mapped = Object.fromEntries(up.import.columns.map((c, i) => [c, up.import.mapping[i]]));
    expect(mapped).toMatchObject({
      name: "name",
      phone: "phone",
      email: "email",
      tags: "tags",
      city: "city",
      marketing: "optIn",
      colours: "custom.colours",
    });
    await start(owner, up.import.id, { mapping: up.import.mapping });
    expect(await waitForImport(owner, up.import.id)).toMatchObject({ state: "done", created: 0, updated: 0, unchanged: 3, failed: 0 });
    expect(await contactsOf(owner.orgId)).toEqual(before);
  });
});
