/**
 * Tenant isolation for the accounts API: as org A (owner and admin), read, change and delete org B's
 * members, invites, numbers, audit entries, sessions and settings by id. Lists leave B out; by-id
 * requests are 404; org B is exactly as it was.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { addMember, signUpOwner, uniqueEmail, type Member } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { seedNumber } from "../support/numbers";
import { orgState, type OrgState } from "../support/org-state";
import { ALICE, createTenant } from "../support/parley";
import { browserWithToken, claimsOf, sessionToken, signToken } from "../support/tokens";

interface OrgB {
  owner: Member;
  agent: Member;
  inviteId: string;
  numberId: string;
  phoneNumberId: string;
  sessionId: string;
}

async function orgB(): Promise<OrgB> {
  const owner = await signUpOwner("Org B");
  const agent = await addMember(owner, "agent");
  const { invite } = await owner.browser.json<{ invite: { id: string } }>("POST", "/api/team/invites", {
    email: uniqueEmail("b-invitee"),
    role: "admin",
  });
  const number = await seedNumber(owner.orgId);
  return {
    owner,
    agent,
    inviteId: invite.id,
    numberId: number.id,
    phoneNumberId: number.phoneNumberId,
    sessionId: claimsOf(sessionToken(agent.browser)).jti,
  };
}

async function orgA(): Promise<{ owner: Member; admin: Member }> {
  const owner = await signUpOwner("Org A");
  return { owner, admin: await addMember(owner, "admin") };
}

/** B is unchanged, and its people are still signed in. */
async function expectUntouched(b: OrgB, before: OrgState) {
  expect(await orgState(b.owner.orgId)).toEqual(before);
  await expectJson(await b.owner.browser.get("/api/team/members"));
  await expectJson(await b.agent.browser.get("/api/team/members"));
}

describe("as org A, org B's things", () => {
  it("members: not listed; role change and removal by id are 404", async () => {
    const a = await orgA();
    const b = await orgB();
    const before = await orgState(b.owner.orgId);
    for (const m of [a.owner, a.admin]) {
      const { members } = await expectJson<{ members: { id: string; orgId?: string }[] }>(await m.browser.get("/api/team/members"));
      expect(members.map((x) => x.id).sort()).toEqual([a.owner.userId, a.admin.userId].sort());
      for (const target of [b.agent.userId, b.owner.userId]) {
        await expectError(await m.browser.patch(`/api/team/members/${target}`, { role: "admin" }), 404, "member_not_found");
        await expectError(await m.browser.delete(`/api/team/members/${target}`), 404, "member_not_found");
      }
    }
    await expectUntouched(b, before);
  });

  it("invites: not listed; revoking by id is 404", async () => {
    const a = await orgA();
    const b = await orgB();
    const before = await orgState(b.owner.orgId);
    const { invites } = await expectJson<{ invites: unknown[] }>(await a.owner.browser.get("/api/team/invites"));
    expect(invites).toEqual([]);
    await expectError(await a.admin.browser.delete(`/api/team/invites/${b.inviteId}`), 404, "invite_not_found");
    await expectUntouched(b, before);
  });

  it("numbers: not listed; removal by id is 404; B's phone number id cannot be connected to A", async () => {
    const a = await orgA();
    const b = await orgB();
    const before = await orgState(b.owner.orgId);
    expect((await expectJson<{ numbers: unknown[] }>(await a.owner.browser.get("/api/numbers"))).numbers).toEqual([]);
    await expectError(await a.owner.browser.delete(`/api/numbers/${b.numberId}`), 404, "number_not_found");
    await expectError(
      await a.admin.browser.post("/api/numbers", {
        phoneNumberId: b.phoneNumberId,
        wabaId: "112233445566778",
        accessToken: "x".repeat(40),
      }),
      409,
      "number_taken",
    );
    expect((await orgState(a.owner.orgId)).numbers).toEqual([]);
    await expectUntouched(b, before);
  });

  it("audit entries: filtered out, whatever the filter", async () => {
    const a = await orgA();
    const b = await orgB();
    const before = await orgState(b.owner.orgId);
    for (const query of [
      "",
      `?actorId=${b.owner.userId}`,
      `?actorId=${b.agent.userId}`,
      "?action=team.invited",
      "?action=auth.signup",
      `?before=${Date.now() + 60_000}&limit=200`,
    ]) {
      const { entries } = await expectJson<{ entries: { orgId: string; actorId: string | null }[] }>(
        await a.owner.browser.get(`/api/audit${query}`),
      );
      expect(
        entries.every((e) => e.orgId === a.owner.orgId),
        query,
      ).toBe(true);
      expect(
        entries.some((e) => e.actorId === b.owner.userId || e.actorId === b.agent.userId),
        query,
      ).toBe(false);
    }
    await expectUntouched(b, before);
  });

  it("sessions: not listed; revoking B's session by id is 404; revoke-others stays within the caller", async () => {
    const a = await orgA();
    const b = await orgB();
    const before = await orgState(b.owner.orgId);
    const { sessions } = await expectJson<{ sessions: { id: string }[] }>(await a.owner.browser.get("/api/me/sessions"));
    expect(sessions.map((s) => s.id)).toEqual([claimsOf(sessionToken(a.owner.browser)).jti]);
    await expectError(await a.owner.browser.delete(`/api/me/sessions/${b.sessionId}`), 404, "session_not_found");
    await expectJson(await a.owner.browser.post("/api/me/sessions/revoke-others"));
    await expectUntouched(b, before);
  });

  it("org settings: A reads and changes only its own", async () => {
    const a = await orgA();
    const b = await orgB();
    const before = await orgState(b.owner.orgId);
    expect((await expectJson<{ org: { id: string } }>(await a.owner.browser.get("/api/org"))).org.id).toBe(a.owner.orgId);
    await expectJson(await a.owner.browser.patch("/api/org", { name: "A renamed", staySignedIn: true }));
    expect((await orgState(a.owner.orgId)).org).toMatchObject({ name: "A renamed", staySignedIn: true });
    await expectUntouched(b, before);
  });

  it("a validly signed token naming org B on A's session is 401, and B is untouched", async () => {
    const a = await orgA();
    const b = await orgB();
    const before = await orgState(b.owner.orgId);
    const mine = claimsOf(sessionToken(a.owner.browser));
    const forged = await browserWithToken(await signToken({ sub: mine.sub, jti: mine.jti, org: b.owner.orgId }));
    await expectError(await forged.get("/api/team/members"), 401, "session_revoked");
    forged.cookies.set("__Host-token", await signToken({ sub: b.owner.userId, jti: mine.jti, org: b.owner.orgId }));
    await expectError(await forged.delete(`/api/team/members/${b.agent.userId}`), 401, "session_revoked");
    await expectUntouched(b, before);
  });
});

describe("/api/dev", () => {
  it("is 404 in tests, for every method and path", async () => {
    const a = await orgA();
    const tenant = await createTenant();
    await tenant.post("msg_01_text");
    for (const path of [`/api/dev/customers/${tenant.phoneNumberId}/${ALICE.waId}`, "/api/dev/", "/api/dev/anything"]) {
      await expectError(await SELF.fetch(`http://127.0.0.1:8787${path}`), 404, "not_found");
      await expectError(await a.owner.browser.get(path), 404, "not_found");
      await expectError(await a.owner.browser.post(path, {}), 404, "not_found");
    }
  });
});
