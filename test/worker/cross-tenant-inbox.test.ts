/**
 * Tenant isolation for the inbox: as org A, read, change and delete org B's conversations, messages,
 * media, contacts and canned responses by id, and open B's room socket. Each is 404 with the error
 * shape, lists leave B out, and B's rows and message log are exactly as they were.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { addMember, type Member } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { connect, Socket, workspace } from "../support/live";
import { orgState } from "../support/org-state";
import { allMessagesOf, ALICE, contactsOf, conversationOf, conversationsOf, db } from "../support/parley";
import { browserWithToken, claimsOf, sessionToken, signToken } from "../support/tokens";

async function inboxState(orgId: string) {
  const canned = await db().select().from(schema.cannedResponses).where(eq(schema.cannedResponses.orgId, orgId)).all();
  return {
    org: await orgState(orgId),
    conversations: await conversationsOf(orgId),
    contacts: await contactsOf(orgId),
    messages: await allMessagesOf(orgId),
    canned,
  };
}

async function orgBWithInbox() {
  const b = await workspace();
  expect((await b.post("msg_01_text")).status).toBe(200);
  expect((await b.post("msg_05_image")).status).toBe(200);
  const conv = await conversationOf(b.orgId, ALICE.waId);
  const messages = await allMessagesOf(b.orgId);
  const { cannedResponse } = await expectJson<{ cannedResponse: { id: string } }>(
    await b.owner.browser.post("/api/canned-responses", { shortcut: "hello", title: "Hello", body: "Hi, how can we help?" }),
    201,
  );
  return { ...b, conv, messageId: messages.at(-1)!.id, cannedId: cannedResponse.id };
}

describe("as org A, org B's inbox", () => {
  it("conversations, messages, media and contacts by id are 404, and nothing changes in B", async () => {
    const a = await workspace();
    const agentA: Member = await addMember(a.owner, "agent");
    const b = await orgBWithInbox();
    const before = await inboxState(b.orgId);
    const id = b.conv.id;
    const attempts: [string, string, unknown?][] = [
      ["GET", `/api/conversations/${id}`],
      ["GET", `/api/conversations/${id}/messages`],
      ["GET", `/api/conversations/${id}/messages?after=0&limit=200`],
      ["POST", `/api/conversations/${id}/messages`, { type: "text", clientId: crypto.randomUUID(), text: "Hello from A" }],
      ["POST", `/api/conversations/${id}/messages/${b.messageId}/retry`, {}],
      ["GET", `/api/conversations/${id}/messages/${b.messageId}/media`],
      ["POST", `/api/conversations/${id}/notes`, { clientId: crypto.randomUUID(), text: "note from A" }],
      ["POST", `/api/conversations/${id}/assign`, { assigneeId: a.owner.userId }],
      ["POST", `/api/conversations/${id}/assign`, { assigneeId: null }],
      ["POST", `/api/conversations/${id}/state`, { state: "closed" }],
      ["PUT", `/api/conversations/${id}/labels`, { labels: ["vip"] }],
      ["POST", `/api/conversations/${id}/read`, { seq: 1 }],
      ["POST", `/api/conversations/${id}/unread`, {}],
      ["GET", `/api/contacts/${b.conv.contactId}`],
      ["PATCH", `/api/contacts/${b.conv.contactId}`, { displayName: "Renamed by A", tags: ["stolen"] }],
    ];
    for (const member of [a.owner, agentA]) {
      for (const [method, path, body] of attempts) {
        const code = path.startsWith("/api/contacts/") ? "contact_not_found" : "conversation_not_found";
        await expectError(await member.browser.request(method, path, body), 404, code, "in your organization");
      }
    }
    // A raw upload into B's conversation is refused before a byte is stored.
    await expectError(
      await a.owner.browser.request("POST", `/api/conversations/${id}/media`, "\x89PNG fake", { "content-type": "image/png" }),
      404,
      "conversation_not_found",
    );
    expect(await inboxState(b.orgId)).toEqual(before);
  });

  it("lists leave B out", async () => {
    const a = await workspace();
    const b = await orgBWithInbox();
    for (const view of ["all", "unassigned", "mine"]) {
      for (const state of ["open", "closed", "snoozed"]) {
        const list = await expectJson<{ conversations: unknown[] }>(
          await a.owner.browser.get(`/api/conversations?view=${view}&state=${state}`),
        );
        expect(list.conversations, `${view}/${state}`).toEqual([]);
      }
    }
    expect(
      (await expectJson<{ conversations: unknown[] }>(await a.owner.browser.get(`/api/conversations?q=${ALICE.waId}`))).conversations,
    ).toEqual([]);
    expect((await expectJson<{ cannedResponses: unknown[] }>(await a.owner.browser.get("/api/canned-responses"))).cannedResponses).toEqual(
      [],
    );
    expect((await expectJson<{ conversations: unknown[] }>(await b.owner.browser.get("/api/conversations"))).conversations).toHaveLength(1);
  });

  it("canned responses by id are 404 to change or delete", async () => {
    const a = await workspace();
    const b = await orgBWithInbox();
    const before = await inboxState(b.orgId);
    await expectError(
      await a.owner.browser.request("PUT", `/api/canned-responses/${b.cannedId}`, {
        shortcut: "hello",
        title: "Mine now",
        body: "Taken over",
      }),
      404,
      "canned_not_found",
    );
    await expectError(await a.owner.browser.delete(`/api/canned-responses/${b.cannedId}`), 404, "canned_not_found");
    expect(await inboxState(b.orgId)).toEqual(before);
  });

  it("a validly signed token naming org B on A's session is 401 on B's conversation routes and socket, and B is untouched", async () => {
    // The conversation is read beside the session check, scoped by the org the token names (here B's):
    // the session check must still decide before anything of it is used.
    const a = await workspace();
    const b = await orgBWithInbox();
    const before = await inboxState(b.orgId);
    const mine = claimsOf(sessionToken(a.owner.browser));
    const token = await signToken({ sub: mine.sub, jti: mine.jti, org: b.orgId });
    const forged = await browserWithToken(token);
    const id = b.conv.id;
    for (const [method, path, body] of [
      ["GET", `/api/conversations/${id}`],
      ["GET", `/api/conversations/${id}/messages`],
      ["POST", `/api/conversations/${id}/messages`, { type: "text", clientId: crypto.randomUUID(), text: "Hello from A" }],
      ["POST", `/api/conversations/${id}/state`, { state: "closed" }],
      ["POST", `/api/conversations/${id}/read`, { seq: 1 }],
    ] as [string, string, unknown?][]) {
      // A 401 clears the cookie, as a browser would; present the token again each time.
      forged.cookies.set("__Host-token", token);
      await expectError(await forged.request(method, path, body), 401, "session_revoked");
    }
    forged.cookies.set("__Host-token", token);
    const res = await connect({ ...a.owner, browser: forged }, `/api/live/conversations/${id}`);
    expect(res).not.toBeInstanceOf(Socket);
    await expectError(res as Response, 401, "session_revoked");
    expect(await inboxState(b.orgId)).toEqual(before);
  });

  it("B's conversation socket does not open for A", async () => {
    const a = await workspace();
    const b = await orgBWithInbox();
    const before = await inboxState(b.orgId);
    const res = await connect(a.owner, `/api/live/conversations/${b.conv.id}`);
    expect(res).not.toBeInstanceOf(Socket);
    await expectError(res as Response, 404, "conversation_not_found");
    expect(await inboxState(b.orgId)).toEqual(before);
  });
});
