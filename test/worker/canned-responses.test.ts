/**
 * Canned responses: admins create, change and delete them; agents read them; bad input is refused with
 * a code and message and stores nothing; a shortcut is unique in its org (on create and on change);
 * another org's rows can be neither read, changed nor deleted.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { MAX_CANNED_RESPONSES } from "../../worker/inbox/canned-responses";
import { addMember, signUpOwner } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { db } from "../support/parley";

interface Canned {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  createdAt: number;
  updatedAt: number;
}

const rowsOf = (orgId: string) => db().select().from(schema.cannedResponses).where(eq(schema.cannedResponses.orgId, orgId)).all();

const hello = { shortcut: "hello", title: "Greeting", body: "Hi! How can we help?" };

describe("canned responses", { timeout: 30_000 }, () => {
  it("an admin creates, changes and deletes one; an agent sees the list", async () => {
    const owner = await signUpOwner();
    const admin = await addMember(owner, "admin");
    const agent = await addMember(owner, "agent");
    const { cannedResponse: created } = await expectJson<{ cannedResponse: Canned }>(
      await admin.browser.post("/api/canned-responses", { ...hello, title: "  Greeting  " }),
      201,
    );
    expect(created).toMatchObject(hello);
    expect(created).not.toHaveProperty("orgId");

    const { cannedResponse: changed } = await expectJson<{ cannedResponse: Canned }>(
      await admin.browser.request("PUT", `/api/canned-responses/${created.id}`, { ...hello, shortcut: "hi", body: "Hello there!" }),
    );
    expect(changed).toMatchObject({ id: created.id, shortcut: "hi", title: "Greeting", body: "Hello there!" });
    expect(changed.updatedAt).toBeGreaterThanOrEqual(created.updatedAt);

    const list = await expectJson<{ cannedResponses: Canned[] }>(await agent.browser.get("/api/canned-responses"));
    expect(list.cannedResponses.map((r) => r.shortcut)).toEqual(["hi"]);

    await expectJson(await admin.browser.delete(`/api/canned-responses/${created.id}`));
    expect(await rowsOf(owner.orgId)).toEqual([]);
    await expectError(await admin.browser.delete(`/api/canned-responses/${created.id}`), 404, "canned_not_found");
  });

  it("agents may not create, change or delete, and nothing changes", async () => {
    const owner = await signUpOwner();
    const agent = await addMember(owner, "agent");
    const { cannedResponse } = await expectJson<{ cannedResponse: Canned }>(await owner.browser.post("/api/canned-responses", hello), 201);
    const before = await rowsOf(owner.orgId);
    await expectError(await agent.browser.post("/api/canned-responses", { ...hello, shortcut: "other" }), 403, "forbidden");
    await expectError(
      await agent.browser.request("PUT", `/api/canned-responses/${cannedResponse.id}`, { ...hello, body: "changed" }),
      403,
      "forbidden",
    );
    await expectError(await agent.browser.delete(`/api/canned-responses/${cannedResponse.id}`), 403, "forbidden");
    expect(await rowsOf(owner.orgId)).toEqual(before);
  });

  it("refuses bad input with a field message, storing nothing", async () => {
    const owner = await signUpOwner();
    const bad: [unknown, RegExp][] = [
      [{ ...hello, shortcut: "Hello There" }, /lower-case letters/],
      [{ ...hello, shortcut: "" }, /lower-case letters/],
      [{ ...hello, title: "   " }, /Give it a title/],
      [{ ...hello, title: "x".repeat(101) }, /up to 100 characters/],
      [{ ...hello, body: "" }, /Write the text it inserts/],
      [{ ...hello, body: "x".repeat(4097) }, /4096/],
      [{ ...hello, orgId: "someone-else" }, /./],
      [{ shortcut: "hello" }, /./],
    ];
    for (const [body, message] of bad)
      await expectError(await owner.browser.post("/api/canned-responses", body), 400, "invalid_body", message);
    expect(await rowsOf(owner.orgId)).toEqual([]);
  });

  it("a shortcut is unique in its org, on create and on change; the stored rows stay as they were", async () => {
    const owner = await signUpOwner();
    await expectJson(await owner.browser.post("/api/canned-responses", hello), 201);
    const { cannedResponse: thanks } = await expectJson<{ cannedResponse: Canned }>(
      await owner.browser.post("/api/canned-responses", { shortcut: "thanks", title: "Thanks", body: "Thank you!" }),
      201,
    );
    const before = await rowsOf(owner.orgId);
    await expectError(await owner.browser.post("/api/canned-responses", { ...hello, title: "Again" }), 409, "shortcut_taken", "/hello");
    await expectError(
      await owner.browser.request("PUT", `/api/canned-responses/${thanks.id}`, { ...hello, body: "Overwrite?" }),
      409,
      "shortcut_taken",
    );
    expect(await rowsOf(owner.orgId)).toEqual(before);
    // Saving a response under its own shortcut is not a clash.
    await expectJson(
      await owner.browser.request("PUT", `/api/canned-responses/${thanks.id}`, {
        shortcut: "thanks",
        title: "Thanks",
        body: "Thanks a lot!",
      }),
    );
    // Another org may use the same shortcut.
    const other = await signUpOwner("Other");
    await expectJson(await other.browser.post("/api/canned-responses", hello), 201);
  });

  it(`keeps an org to ${MAX_CANNED_RESPONSES}`, async () => {
    const owner = await signUpOwner();
    const now = Date.now();
    const rows = Array.from({ length: MAX_CANNED_RESPONSES }, (_, i) => ({
      id: crypto.randomUUID(),
      orgId: owner.orgId,
      shortcut: `r${i}`,
      title: `R${i}`,
      body: "x",
      updatedAt: now,
    }));
    // D1 caps bound parameters per statement; insert in slices.
    for (let i = 0; i < rows.length; i += 10)
      await db()
        .insert(schema.cannedResponses)
        .values(rows.slice(i, i + 10));
    await expectError(await owner.browser.post("/api/canned-responses", hello), 409, "canned_limit");
    expect(await rowsOf(owner.orgId)).toHaveLength(MAX_CANNED_RESPONSES);
  });

  it("org A can neither list, change nor delete org B's, and B's stay exactly as they were", async () => {
    const a = await signUpOwner("A");
    const b = await signUpOwner("B");
    const { cannedResponse: bRow } = await expectJson<{ cannedResponse: Canned }>(
      await b.browser.post("/api/canned-responses", hello),
      201,
    );
    const before = await rowsOf(b.orgId);
    expect((await expectJson<{ cannedResponses: Canned[] }>(await a.browser.get("/api/canned-responses"))).cannedResponses).toEqual([]);
    await expectError(
      await a.browser.request("PUT", `/api/canned-responses/${bRow.id}`, { ...hello, body: "Taken over" }),
      404,
      "canned_not_found",
    );
    await expectError(await a.browser.delete(`/api/canned-responses/${bRow.id}`), 404, "canned_not_found");
    // A's own shortcut "hello" does not clash with B's, and creating it leaves B's alone.
    await expectJson(await a.browser.post("/api/canned-responses", hello), 201);
    expect(await rowsOf(b.orgId)).toEqual(before);
  });
});
