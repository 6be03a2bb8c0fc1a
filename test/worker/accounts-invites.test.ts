/**
 * Invites: the link is the only copy of its token, it expires, a revoked one is dead, accepting twice
 * makes one member, and people who already have an account cannot be invited.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../worker/auth/totp";
import * as schema from "../../db/schema";
import { Browser, PASSWORD, signUpOwner, uniqueEmail, type Member } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { auditOf, orgState, userByEmail } from "../support/org-state";
import { db } from "../support/parley";

interface Invite {
  id: string;
  link: string;
  expiresAt: number;
}

async function invite(owner: Member, role: "admin" | "agent" = "agent", email = uniqueEmail("invitee")) {
  const { invite } = await expectJson<{ invite: Invite }>(await owner.browser.post("/api/team/invites", { email, role }), 201);
  return { ...invite, email, token: invite.link.split("/invite/")[1]! };
}

async function visitor(): Promise<Browser> {
  const browser = new Browser();
  await browser.csrf();
  return browser;
}

const accept = async (token: string, browser?: Browser) =>
  (browser ?? (await visitor())).post("/api/invites/accept", { token, name: "Ivy Invitee", password: PASSWORD });
const inviteRow = (id: string) => db().select().from(schema.invites).where(eq(schema.invites.id, id)).get();

describe("invites", () => {
  it("the link carries the only copy of the token; the landing page previews it; accepting joins with the invited role", async () => {
    const owner = await signUpOwner("Invite Co");
    const inv = await invite(owner, "admin");
    expect(inv.link).toMatch(/^http:\/\/127\.0\.0\.1:8787\/invite\/[A-Za-z0-9_-]{40,}$/);
    const row = (await inviteRow(inv.id))!;
    expect(row.tokenHash).toBe(await sha256Hex(inv.token));
    expect(JSON.stringify(row)).not.toContain(inv.token);
    const listed = await expectJson<{ invites: { id: string; email: string }[] }>(await owner.browser.get("/api/team/invites"));
    expect(listed.invites.map((i) => i.id)).toEqual([inv.id]);
    expect(JSON.stringify(listed)).not.toContain(inv.token);

    const preview = await expectJson<{ invite: Record<string, unknown> }>(await (await visitor()).get(`/api/invites/${inv.token}`));
    expect(preview.invite).toMatchObject({ orgName: "Invite Co", email: inv.email, role: "admin" });
    const browser = await visitor();
    const joined = await expectJson<{ user: { email: string; role: string } }>(await accept(inv.token, browser), 201);
    expect(joined.user).toMatchObject({ email: inv.email, role: "admin" });
    await expectJson(await browser.get("/api/team/invites"));
    expect((await expectJson<{ invites: unknown[] }>(await owner.browser.get("/api/team/invites"))).invites).toEqual([]);
    expect(await auditOf(owner.orgId, "team.joined")).toHaveLength(1);
  });

  it("an expired link is 404 and joins no one", async () => {
    const owner = await signUpOwner();
    const inv = await invite(owner);
    await db()
      .update(schema.invites)
      .set({ expiresAt: Date.now() - 1000 })
      .where(eq(schema.invites.id, inv.id));
    const before = await orgState(owner.orgId);
    await expectError(await (await visitor()).get(`/api/invites/${inv.token}`), 404, "invite_invalid", "not valid");
    await expectError(await accept(inv.token), 404, "invite_invalid");
    expect(await orgState(owner.orgId)).toEqual(before);
    expect(await userByEmail(inv.email)).toBeUndefined();
    expect((await expectJson<{ invites: unknown[] }>(await owner.browser.get("/api/team/invites"))).invites).toEqual([]);
  });

  it("a revoked invite is 404, and revoking it again is 404", async () => {
    const owner = await signUpOwner();
    const inv = await invite(owner);
    expect(await expectJson(await owner.browser.delete(`/api/team/invites/${inv.id}`))).toEqual({ revoked: true });
    expect((await inviteRow(inv.id))!.revokedAt).toEqual(expect.any(Number));
    const before = await orgState(owner.orgId);
    await expectError(await (await visitor()).get(`/api/invites/${inv.token}`), 404, "invite_invalid");
    await expectError(await accept(inv.token), 404, "invite_invalid");
    await expectError(await owner.browser.delete(`/api/team/invites/${inv.id}`), 404, "invite_not_found");
    expect(await orgState(owner.orgId)).toEqual(before);
    expect(await userByEmail(inv.email)).toBeUndefined();
    expect(await auditOf(owner.orgId, "team.invite_revoked")).toHaveLength(1);
  });

  it("accepting twice, one after the other, makes one member", async () => {
    const owner = await signUpOwner();
    const inv = await invite(owner);
    await expectJson(await accept(inv.token), 201);
    const before = await orgState(owner.orgId);
    await expectError(await accept(inv.token), 404, "invite_invalid");
    expect(await orgState(owner.orgId)).toEqual(before);
    expect(before.members.filter((m) => m.email === inv.email)).toHaveLength(1);
  });

  it("accepting twice at once (a double click) makes one member", async () => {
    const owner = await signUpOwner();
    const inv = await invite(owner);
    const answers = await Promise.all([accept(inv.token), accept(inv.token)]);
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    const loser = answers.find((r) => r.status !== 201)!;
    if (loser.status === 409) await expectError(loser, 409, "invite_used");
    else await expectError(loser, 404, "invite_invalid");
    const state = await orgState(owner.orgId);
    expect(state.members.filter((m) => m.email === inv.email)).toHaveLength(1);
    expect(state.sessions.filter((s) => s.userId === state.members.find((m) => m.email === inv.email)!.id)).toHaveLength(1);
  });

  it("inviting an existing member is 409 and creates no invite", async () => {
    const owner = await signUpOwner();
    const before = await orgState(owner.orgId);
    await expectError(await owner.browser.post("/api/team/invites", { email: owner.email, role: "agent" }), 409, "already_member");
    expect(await orgState(owner.orgId)).toEqual(before);
  });

  it("inviting someone else's member answers exactly as for a stranger; acceptance then says the email is taken", async () => {
    const owner = await signUpOwner();
    const other = await signUpOwner("Other Org");
    const stranger = await owner.browser.post("/api/team/invites", { email: uniqueEmail("stranger"), role: "agent" });
    const taken = await owner.browser.post("/api/team/invites", { email: other.email.toUpperCase(), role: "agent" });
    expect(taken.status).toBe(stranger.status);
    const shape = (body: { invite: object }) => Object.keys(body.invite).sort();
    const takenBody = await expectJson<{ invite: Invite }>(taken, stranger.status);
    expect(shape(takenBody)).toEqual(shape(await stranger.json()));
    const before = await orgState(other.orgId);
    await expectError(await accept(takenBody.invite.link.split("/invite/")[1]!), 409, "email_taken");
    expect(await orgState(other.orgId)).toEqual(before);
    expect((await userByEmail(other.email))!.orgId).toBe(other.orgId);
  });

  it("an invite whose email signed up meanwhile is 409 on acceptance and joins no one", async () => {
    const owner = await signUpOwner();
    const inv = await invite(owner);
    await expectJson(
      await (await visitor()).post("/api/auth/signup", { orgName: "Own Co", name: "Ivy", email: inv.email, password: PASSWORD }),
      201,
    );
    const before = await orgState(owner.orgId);
    await expectError(await accept(inv.token), 409, "email_taken");
    expect(await orgState(owner.orgId)).toEqual(before);
  });
});
