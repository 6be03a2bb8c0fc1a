import { describe, expect, it } from "vitest";
import { addMember, Browser, PASSWORD, signUpOwner } from "../support/accounts";

describe("accounts smoke", () => {
  it("signs up, reads me, invites an agent, signs in and out", async () => {
    const owner = await signUpOwner();
    const me = await owner.browser.json<{ user: { role: string; email: string } }>("GET", "/api/auth/me");
    expect(me.user).toMatchObject({ role: "owner", email: owner.email });
    const agent = await addMember(owner, "agent");
    expect((await agent.browser.json<{ user: { role: string } }>("GET", "/api/auth/me")).user.role).toBe("agent");
    const other = new Browser();
    await other.csrf();
    const login = await other.post("/api/auth/login", { email: agent.email, password: PASSWORD });
    expect(login.status).toBe(200);
    expect((await other.post("/api/auth/logout")).status).toBe(200);
    expect((await other.get("/api/auth/me")).status).toBe(401);
    expect((await agent.browser.get("/api/auth/me")).status).toBe(200);
  });
});
