/**
 * Roles: agents cannot use admin routes (not even on themselves), admins cannot touch owners, an org
 * keeps an owner, and role changes and removals take effect on the member's very next request.
 */
import { describe, expect, it } from "vitest";
import { addMember, Browser, PASSWORD, signUpOwner, uniqueEmail, type Member } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { seedNumber } from "../support/numbers";
import { auditOf, orgState, sessionsOf, userRow } from "../support/org-state";

const roleOf = async (userId: string) => (await userRow(userId))?.role;

describe("an agent", () => {
  it("gets 403 forbidden on every admin route, and nothing changes", async () => {
    const owner = await signUpOwner();
    const admin = await addMember(owner, "admin");
    const agent = await addMember(owner, "agent");
    const { invite } = await owner.browser.json<{ invite: { id: string } }>("POST", "/api/team/invites", {
      email: uniqueEmail(),
      role: "agent",
    });
    const number = await seedNumber(owner.orgId);
    const before = await orgState(owner.orgId);
    const adminRoutes: [string, string, unknown?][] = [
      ["POST", "/api/team/invites", { email: uniqueEmail(), role: "admin" }],
      ["GET", "/api/team/invites"],
      ["DELETE", `/api/team/invites/${invite.id}`],
      ["PATCH", `/api/team/members/${admin.userId}`, { role: "agent" }],
      ["PATCH", `/api/team/members/${owner.userId}`, { role: "agent" }],
      ["DELETE", `/api/team/members/${admin.userId}`],
      ["POST", "/api/numbers", { phoneNumberId: "106540352242922", wabaId: "102290129340398", accessToken: "t".repeat(40) }],
      ["DELETE", `/api/numbers/${number.id}`],
      ["GET", "/api/audit"],
      ["GET", "/api/audit?action=team.invited"],
      ["PATCH", "/api/org", { name: "Agent's Org" }],
      ["PATCH", "/api/org", { staySignedIn: true }],
    ];
    for (const [method, path, body] of adminRoutes) {
      await expectError(await agent.browser.request(method, path, body), 403, "forbidden", "owner or admin role");
    }
    expect(await orgState(owner.orgId)).toEqual(before);
  });

  it("cannot PATCH its own role (403), to any role", async () => {
    const owner = await signUpOwner();
    const agent = await addMember(owner, "agent");
    const before = await orgState(owner.orgId);
    for (const role of ["owner", "admin", "agent"]) {
      await expectError(await agent.browser.patch(`/api/team/members/${agent.userId}`, { role }), 403, "forbidden");
    }
    expect(await orgState(owner.orgId)).toEqual(before);
    expect(await roleOf(agent.userId)).toBe("agent");
  });

  it("can read the team, the numbers (without the webhook secret) and the org", async () => {
    const owner = await signUpOwner();
    const agent = await addMember(owner, "agent");
    await seedNumber(owner.orgId);
    const team = await expectJson<{ members: { id: string }[] }>(await agent.browser.get("/api/team/members"));
    expect(team.members.map((m) => m.id).sort()).toEqual([owner.userId, agent.userId].sort());
    const numbers = await expectJson<{ numbers: unknown[]; webhook?: unknown }>(await agent.browser.get("/api/numbers"));
    expect(numbers.numbers).toHaveLength(1);
    expect(numbers).not.toHaveProperty("webhook");
    expect(JSON.stringify(numbers)).not.toContain("test-verify-token");
    await expectJson(await agent.browser.get("/api/org"));
  });
});

describe("admins and owners", () => {
  it("an admin cannot change, remove or create an owner, nor change its own role", async () => {
    const owner = await signUpOwner();
    const admin = await addMember(owner, "admin");
    const agent = await addMember(owner, "agent");
    const before = await orgState(owner.orgId);
    await expectError(await admin.browser.patch(`/api/team/members/${owner.userId}`, { role: "agent" }), 403, "owner_only");
    await expectError(await admin.browser.delete(`/api/team/members/${owner.userId}`), 403, "owner_only");
    await expectError(await admin.browser.patch(`/api/team/members/${agent.userId}`, { role: "owner" }), 403, "owner_only");
    await expectError(await admin.browser.patch(`/api/team/members/${admin.userId}`, { role: "owner" }), 403, "own_role");
    await expectError(await admin.browser.delete(`/api/team/members/${admin.userId}`), 403, "remove_self");
    expect(await orgState(owner.orgId)).toEqual(before);
    // What an admin may do: manage agents and admins.
    expect(
      (await expectJson<{ member: { role: string } }>(await admin.browser.patch(`/api/team/members/${agent.userId}`, { role: "admin" })))
        .member.role,
    ).toBe("admin");
    expect(await roleOf(agent.userId)).toBe("admin");
  });

  it("the last owner can be neither demoted nor removed; a second owner can take over", async () => {
    const owner = await signUpOwner();
    const admin = await addMember(owner, "admin");
    const before = await orgState(owner.orgId);
    await expectError(await owner.browser.patch(`/api/team/members/${owner.userId}`, { role: "admin" }), 403, "own_role");
    await expectError(await owner.browser.delete(`/api/team/members/${owner.userId}`), 403, "remove_self");
    expect(await orgState(owner.orgId)).toEqual(before);

    await expectJson(await owner.browser.patch(`/api/team/members/${admin.userId}`, { role: "owner" }));
    await expectJson(await admin.browser.patch(`/api/team/members/${owner.userId}`, { role: "admin" }));
    const owners = (await orgState(owner.orgId)).members.filter((m) => m.role === "owner");
    expect(owners.map((m) => m.id)).toEqual([admin.userId]);
    await expectError(await admin.browser.patch(`/api/team/members/${admin.userId}`, { role: "agent" }), 403, "own_role");
    await expectError(await owner.browser.patch(`/api/team/members/${admin.userId}`, { role: "agent" }), 403, "owner_only");
    expect(await roleOf(admin.userId)).toBe("owner");
  });

  it("two owners demoting or removing each other at once still leave the org an owner", async () => {
    for (const action of ["demote", "remove"] as const) {
      const owner = await signUpOwner();
      const second = await addMember(owner, "admin");
      await expectJson(await owner.browser.patch(`/api/team/members/${second.userId}`, { role: "owner" }));
      const act = (m: Member, target: string) =>
        action === "demote"
          ? m.browser.patch(`/api/team/members/${target}`, { role: "admin" })
          : m.browser.delete(`/api/team/members/${target}`);
      const answers = await Promise.all([act(owner, second.userId), act(second, owner.userId)]);
      expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
      // The loser is refused by the guarded write (409) or, if it arrived a moment later, by its lost role or session.
      const loser = answers.find((r) => r.status !== 200)!;
      const expected = { 409: "last_owner", 403: "owner_only", 401: "session_revoked" } as Record<number, string>;
      await expectError(loser, loser.status, expected[loser.status] ?? `unexpected ${loser.status}`);
      expect((await orgState(owner.orgId)).members.filter((m) => m.role === "owner")).toHaveLength(1);
    }
  });

  it("an unknown role is 400 and changes nothing", async () => {
    const owner = await signUpOwner();
    const agent = await addMember(owner, "agent");
    const before = await orgState(owner.orgId);
    await expectError(await owner.browser.patch(`/api/team/members/${agent.userId}`, { role: "superuser" }), 400, "invalid_body", "role");
    expect(await orgState(owner.orgId)).toEqual(before);
  });
});

describe("changes take effect on the next request", () => {
  it("a demoted admin loses admin routes on the same session at once; a promoted agent gains them", async () => {
    const owner = await signUpOwner();
    const admin = await addMember(owner, "admin");
    const agent = await addMember(owner, "agent");
    await expectJson(await admin.browser.get("/api/team/invites"));
    await expectJson(await owner.browser.patch(`/api/team/members/${admin.userId}`, { role: "agent" }));
    await expectError(await admin.browser.get("/api/team/invites"), 403, "forbidden");
    expect((await expectJson<{ user: { role: string } }>(await admin.browser.get("/api/auth/me"))).user.role).toBe("agent");

    await expectError(await agent.browser.get("/api/audit"), 403, "forbidden");
    await expectJson(await owner.browser.patch(`/api/team/members/${agent.userId}`, { role: "admin" }));
    await expectJson(await agent.browser.get("/api/audit"));
    const changes = await auditOf(owner.orgId, "team.role_changed");
    expect(changes.map((e) => e.detail)).toEqual([
      { from: "admin", to: "agent" },
      { from: "agent", to: "admin" },
    ]);
  });

  it("a removed member's next request is 401, their sessions are gone, and they cannot sign in", async () => {
    const owner = await signUpOwner();
    const agent = await addMember(owner, "agent");
    const laptop = new Browser();
    await laptop.csrf();
    await expectJson(await laptop.post("/api/auth/login", { email: agent.email, password: PASSWORD }));
    expect(await sessionsOf(agent.userId)).toHaveLength(2);

    expect(await expectJson(await owner.browser.delete(`/api/team/members/${agent.userId}`))).toEqual({ removed: true });
    await expectError(await agent.browser.get("/api/team/members"), 401, "session_revoked");
    await expectError(await laptop.patch("/api/me", { name: "Still here?" }), 401, "session_revoked");
    expect(await userRow(agent.userId)).toBeUndefined();
    expect(await sessionsOf(agent.userId)).toEqual([]);
    const team = await expectJson<{ members: { id: string }[] }>(await owner.browser.get("/api/team/members"));
    expect(team.members.map((m) => m.id)).toEqual([owner.userId]);
    const again = new Browser();
    await again.csrf();
    await expectError(await again.post("/api/auth/login", { email: agent.email, password: PASSWORD }), 401, "invalid_credentials");

    const before = await orgState(owner.orgId);
    await expectError(await owner.browser.delete(`/api/team/members/${agent.userId}`), 404, "member_not_found");
    expect(await orgState(owner.orgId)).toEqual(before);
  });
});
