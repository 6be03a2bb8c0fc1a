/**
 * The import and create APIs refuse bad input with a clear code and store nothing; the plan's contact
 * limit is a 402 before anything is imported; agents cannot import; org A never reaches org B's imports.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts } from "../../db/schema";
import { contactImports } from "../../db/tables/crm";
import { addMember, signUpOwner } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { start, upload } from "../support/imports";
import { db } from "../support/parley";

const contactsOf = (orgId: string) => db().select().from(contacts).where(eq(contacts.orgId, orgId)).all();
const raw = (_csv: string) => ({ "content-type": "text/csv" }) as Record<string, string>;

describe("import guards", () => {
  it("answers bad files and bad mappings with a code and a message, storing nothing", async () => {
    const owner = await signUpOwner("Guard Co");
    const post = (csv: string) => owner.browser.request("POST", "/api/contact-imports", csv, raw(csv));
    await expectError(await post(""), 422, "csv_empty");
    await expectError(await post("\n\n"), 422, "csv_empty");
    await expectError(await post("name,phone\n"), 422, "csv_no_rows");
    await expectError(await post(`name,phone\n${"x".repeat(33 * 1024 * 1024)}`), 413, "payload_too_large");
    const up = await upload(owner, "name,phone,notes\nAna,+351912345678,hi\n");
    const at = (path: string) => `/api/contact-imports/${up.import.id}${path}`;
    await expectError(await owner.browser.post(at("/dry-run"), { mapping: ["name"] }), 422, "invalid_mapping", "one entry per column (3)");
    await expectError(
      await owner.browser.post(at("/start"), { mapping: ["name", null, "notes"] }),
      422,
      "invalid_mapping",
      "map a phone or an email",
    );
    await expectError(await owner.browser.post(at("/start"), { mapping: ["phone", "phone", null] }), 422, "invalid_mapping", "two columns");
    await expectError(await owner.browser.post(at("/start"), { mapping: ["name", "phone", "custom.nope"] }), 422, "unknown_field");
    await expectError(await owner.browser.post(at("/start"), { mapping: ["name", "phone", "shoe_size"] }), 400, "invalid_body");
    await expectError(
      await owner.browser.post(at("/start"), { mapping: ["name", "phone", null], defaultCountry: "Portugal" }),
      400,
      "invalid_body",
    );
    await expectError(
      await owner.browser.post(at("/start"), { mapping: ["name", "phone", null], onDuplicate: "merge" }),
      400,
      "invalid_body",
    );
    expect(await contactsOf(owner.orgId)).toEqual([]);
    const stored = await db().select().from(contactImports).where(eq(contactImports.id, up.import.id)).get();
    expect(stored?.state).toBe("draft");

    await start(owner, up.import.id, { mapping: ["name", "phone", "notes"] });
    await expectError(await owner.browser.post(at("/start"), { mapping: ["name", "phone", "notes"] }), 409, "import_started");
    await expectError(await owner.browser.post(at("/dry-run"), { mapping: ["name", "phone", "notes"] }), 409, "import_started");
  });

  it("refuses an import past the plan's contact limit with 402 plan_limit, before any row is stored", async () => {
    const owner = await signUpOwner("Small Co");
    await expectJson(await owner.browser.post("/api/billing/free"));
    const rows = Array.from({ length: 501 }, (_, i) => `Customer ${i},+35191${String(1000000 + i)}`);
    const up = await upload(owner, `name,phone\n${rows.join("\n")}\n`);
    const res = await owner.browser.post(`/api/contact-imports/${up.import.id}/start`, { mapping: up.import.mapping });
    expect(res.status).toBe(402);
    const body = (await res.json()) as { error: { code: string; details: Record<string, unknown> } };
    expect(body.error).toMatchObject({ code: "plan_limit", details: { limit: "contacts", used: 0, adding: 501, max: 500 } });
    expect(await contactsOf(owner.orgId)).toEqual([]);
    expect((await db().select().from(contactImports).where(eq(contactImports.id, up.import.id)).get())?.state).toBe("draft");
  });

  it("is for owners and admins: an agent gets 403", async () => {
    const owner = await signUpOwner("Roles Co");
    const agent = await addMember(owner, "agent");
    await expectError(
      await agent.browser.request("POST", "/api/contact-imports", "name,phone\nA,+351912345678\n", raw("")),
      403,
      "forbidden",
    );
    await expectError(await agent.browser.get("/api/contact-imports"), 403, "forbidden");
  });

  it("keeps org B's imports out of org A's reach", async () => {
    const b = await signUpOwner("Org B");
    const a = await signUpOwner("Org A");
    const up = await upload(b, "name,phone\nBea,+351912345678\n");
    const plan = { mapping: up.import.mapping };
    const path = `/api/contact-imports/${up.import.id}`;
    await expectError(await a.browser.get(path), 404, "import_not_found");
    await expectError(await a.browser.post(`${path}/dry-run`, plan), 404, "import_not_found");
    await expectError(await a.browser.post(`${path}/start`, plan), 404, "import_not_found");
    await expectError(await a.browser.get(`${path}/errors.csv`), 404, "import_not_found");
    expect((await expectJson<{ imports: unknown[] }>(await a.browser.get("/api/contact-imports"))).imports).toEqual([]);
    expect((await db().select().from(contactImports).where(eq(contactImports.id, up.import.id)).get())?.state).toBe("draft");
    expect(await contactsOf(b.orgId)).toEqual([]);
  });
});

describe("creating a contact", () => {
  it("normalizes the number, refuses duplicates and bad input", async () => {
    const owner = await signUpOwner("Create Co");
    const agent = await addMember(owner, "agent");
    const { contact } = await expectJson<{ contact: { id: string; waId: string; email: string; displayName: string } }>(
      await agent.browser.post("/api/contacts", { phone: "912 345 678", country: "PT", displayName: "Ana", email: "Ana@Example.com" }),
      201,
    );
    expect(contact).toMatchObject({ waId: "351912345678", displayName: "Ana", email: "ana@example.com" });
    const dup = await owner.browser.post("/api/contacts", { phone: "+351 912 345 678" });
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as { error: { code: string; details: unknown } }).error).toMatchObject({
      code: "contact_exists",
      details: { contactId: contact.id },
    });
    await expectError(await owner.browser.post("/api/contacts", { phone: "12345" }), 422, "invalid_phone");
    await expectError(await owner.browser.post("/api/contacts", { displayName: "Nobody" }), 400, "invalid_body");
    await expectError(await owner.browser.post("/api/contacts", { email: "nope" }), 400, "invalid_body");
    expect(await contactsOf(owner.orgId)).toHaveLength(1);
    // Org B can have the same customer: the check is per org.
    const other = await signUpOwner("Other Co");
    await expectJson(await other.browser.post("/api/contacts", { phone: "+351912345678" }), 201);
  });
});
