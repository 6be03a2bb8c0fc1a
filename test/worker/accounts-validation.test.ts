/**
 * Strict bodies: unknown fields (`orgId`, `role`, anything) are refused by name and nothing is applied;
 * password length limits; long passwords count in full (pepper pre-hash, not bcrypt's 72 bytes);
 * oversized bodies 413; names that look like HTML stay JSON text.
 */
import { describe, expect, it } from "vitest";
import { addMember, Browser, PASSWORD, signUpOwner, uniqueEmail } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { orgState, userByEmail, userRow } from "../support/org-state";

async function freshBrowser(): Promise<Browser> {
  const browser = new Browser();
  await browser.csrf();
  return browser;
}

const signupBody = (extra: Record<string, unknown> = {}) => ({
  orgName: "Strict Co",
  name: "Sam",
  email: uniqueEmail(),
  password: PASSWORD,
  ...extra,
});

describe("unknown fields are refused, not applied", () => {
  it("sign-up with orgId or role: 400 naming the field, no account", async () => {
    for (const extra of [{ orgId: "org_victim" }, { role: "admin" }, { isAdmin: true }]) {
      const body = signupBody(extra);
      const field = Object.keys(extra)[0]!;
      await expectError(await (await freshBrowser()).post("/api/auth/signup", body), 400, "invalid_body", `Unknown field: ${field}.`);
      expect(await userByEmail(body.email)).toBeUndefined();
    }
  });

  it("profile, invite, role change, number, settings and invite acceptance bodies with extra fields change nothing", async () => {
    const owner = await signUpOwner();
    const agent = await addMember(owner, "agent");
    const other = await signUpOwner("Victim Org");
    const before = await orgState(owner.orgId);
    const victimBefore = await orgState(other.orgId);
    const cases: [Browser, string, string, unknown, string][] = [
      [agent.browser, "PATCH", "/api/me", { name: "Agent Smith", role: "owner" }, "role"],
      [agent.browser, "PATCH", "/api/me", { name: "Agent Smith", orgId: other.orgId }, "orgId"],
      [owner.browser, "PATCH", "/api/me", { name: "Olivia", email: "new@example.test" }, "email"],
      [owner.browser, "POST", "/api/team/invites", { email: uniqueEmail(), role: "agent", orgId: other.orgId }, "orgId"],
      [owner.browser, "PATCH", `/api/team/members/${agent.userId}`, { role: "admin", orgId: other.orgId }, "orgId"],
      [
        owner.browser,
        "POST",
        "/api/numbers",
        { phoneNumberId: "106540352242922", wabaId: "102290129340398", accessToken: "x".repeat(30), orgId: other.orgId },
        "orgId",
      ],
      [owner.browser, "PATCH", "/api/org", { name: "Renamed", id: other.orgId }, "id"],
      [owner.browser, "PATCH", "/api/org", { staySignedIn: true, orgId: other.orgId }, "orgId"],
      [
        owner.browser,
        "POST",
        "/api/me/password",
        { currentPassword: PASSWORD, newPassword: "another passphrase", userId: other.userId },
        "userId",
      ],
    ];
    for (const [browser, method, path, body, field] of cases) {
      await expectError(await browser.request(method, path, body), 400, "invalid_body", `Unknown field: ${field}.`);
    }
    expect(await orgState(owner.orgId)).toEqual(before);
    expect(await orgState(other.orgId)).toEqual(victimBefore);
  });

  it("accepting an invite with a role of one's own choosing is refused; the invite stays open", async () => {
    const owner = await signUpOwner();
    const { invite } = await owner.browser.json<{ invite: { link: string } }>("POST", "/api/team/invites", {
      email: uniqueEmail(),
      role: "agent",
    });
    const token = invite.link.split("/invite/")[1]!;
    const before = await orgState(owner.orgId);
    const browser = await freshBrowser();
    await expectError(
      await browser.post("/api/invites/accept", { token, name: "Ima Owner", password: PASSWORD, role: "owner" }),
      400,
      "invalid_body",
      "Unknown field: role.",
    );
    expect(await orgState(owner.orgId)).toEqual(before);
    const joined = await expectJson<{ user: { role: string } }>(
      await browser.post("/api/invites/accept", { token, name: "Ima Agent", password: PASSWORD }),
      201,
    );
    expect(joined.user.role).toBe("agent");
  });

  it("an owner cannot invite someone straight in as owner", async () => {
    const owner = await signUpOwner();
    const before = await orgState(owner.orgId);
    await expectError(await owner.browser.post("/api/team/invites", { email: uniqueEmail(), role: "owner" }), 400, "invalid_body", "role");
    expect(await orgState(owner.orgId)).toEqual(before);
  });

  it("malformed JSON is 400 invalid_json", async () => {
    const owner = await signUpOwner();
    const before = await orgState(owner.orgId);
    await expectError(await owner.browser.request("PATCH", "/api/me", '{"name": "Half'), 400, "invalid_json");
    expect(await orgState(owner.orgId)).toEqual(before);
  });
});

describe("passwords", () => {
  it("shorter than 8 or longer than 128 characters: 400 with a clear message, no account", async () => {
    for (const [password, message] of [
      ["seven77", "password: Passwords need at least 8 characters."],
      ["x".repeat(129), "password: Passwords are at most 128 characters."],
    ] as const) {
      const body = signupBody({ password });
      await expectError(await (await freshBrowser()).post("/api/auth/signup", body), 400, "invalid_body", message);
      expect(await userByEmail(body.email)).toBeUndefined();
    }
  });

  it("a 100-character password works, and every byte of it counts (two sharing the first 72 bytes are different passwords)", async () => {
    const long = `${"correct-horse-battery-staple-".repeat(3)}${"0123456789".repeat(3)}`.slice(0, 100);
    const sameFirst72 = `${long.slice(0, 72)}${"Z".repeat(28)}`;
    expect(long).toHaveLength(100);
    expect(sameFirst72.slice(0, 72)).toBe(long.slice(0, 72));
    const body = signupBody({ password: long });
    await expectJson(await (await freshBrowser()).post("/api/auth/signup", body), 201);
    await expectJson(await (await freshBrowser()).post("/api/auth/login", { email: body.email, password: long }));
    await expectError(
      await (await freshBrowser()).post("/api/auth/login", { email: body.email, password: sameFirst72 }),
      401,
      "invalid_credentials",
    );
    // The stored hash is bcrypt of the peppered password, never the password.
    expect((await userByEmail(body.email))!.passwordHash).toMatch(/^\$2[aby]\$1\d\$/);
  });

  it("a new password is held to the same rules", async () => {
    const owner = await signUpOwner();
    const before = await orgState(owner.orgId);
    await expectError(
      await owner.browser.post("/api/me/password", { currentPassword: PASSWORD, newPassword: "short" }),
      400,
      "invalid_body",
      "at least 8",
    );
    await expectError(
      await owner.browser.post("/api/me/password", { currentPassword: PASSWORD, newPassword: "y".repeat(129) }),
      400,
      "invalid_body",
      "at most 128",
    );
    expect(await orgState(owner.orgId)).toEqual(before);
  });
});

describe("body size", () => {
  it("refuses bodies over 64 KB with 413 before reading them", async () => {
    const owner = await signUpOwner();
    const before = await orgState(owner.orgId);
    const big = { name: "x".repeat(65 * 1024) };
    await expectError(await owner.browser.patch("/api/me", big), 413, "payload_too_large", "64 KB");
    const email = uniqueEmail();
    await expectError(
      await (await freshBrowser()).post("/api/auth/signup", { ...signupBody(), email, orgName: "y".repeat(70_000) }),
      413,
      "payload_too_large",
    );
    expect(await userByEmail(email)).toBeUndefined();
    expect(await orgState(owner.orgId)).toEqual(before);
  });
});

describe("HTML in names stays text", () => {
  const xss = "<img src=x onerror=alert(1)>";
  const script = "</script><script>alert('org')</script>";

  it("is stored and returned verbatim, as application/json, never as HTML", async () => {
    const browser = await freshBrowser();
    const email = uniqueEmail();
    const res = await browser.post("/api/auth/signup", { orgName: script, name: xss, email, password: PASSWORD });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const text = await res.text();
    expect(text).toContain(JSON.stringify(xss));
    const body = JSON.parse(text) as { user: { id: string; name: string }; org: { name: string } };
    expect(body.user.name).toBe(xss);
    expect(body.org.name).toBe(script);
    expect((await userRow(body.user.id))!.name).toBe(xss);

    const members = await browser.get("/api/team/members");
    expect(members.headers.get("content-type")).toMatch(/^application\/json/);
    expect(((await members.json()) as { members: { name: string }[] }).members[0]!.name).toBe(xss);
  });

  it("a profile rename and an invitee's name stay verbatim too", async () => {
    const owner = await signUpOwner();
    const renamed = await expectJson<{ user: { name: string } }>(await owner.browser.patch("/api/me", { name: xss }));
    expect(renamed.user.name).toBe(xss);
    const agent = await addMember(owner, "agent", script);
    expect((await userRow(agent.userId))!.name).toBe(script);
    const me = await agent.browser.get("/api/auth/me");
    expect(me.headers.get("content-type")).toMatch(/^application\/json/);
    expect(((await me.json()) as { user: { name: string } }).user.name).toBe(script);
  });
});
