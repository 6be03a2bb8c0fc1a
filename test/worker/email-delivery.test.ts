/**
 * Transactional email end to end inside workerd: an invite is rendered, queued, delivered to the local
 * mail peer (a real HTTP server) with retries, recorded, and visible to the org's admins only.
 */
import { describe, expect, it } from "vitest";
import { renderTemplate } from "../../worker/email/templates";
import { Browser, addMember, signUpOwner, uniqueEmail } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { failMailTo, linkIn, mailTo, waitForMail } from "../support/mailbox";

interface Delivery {
  to: string;
  template: string;
  status: string;
  attempts: number;
  error: string | null;
}

async function deliveryTo(owner: Browser, to: string, status: string): Promise<Delivery> {
  for (let i = 0; i < 200; i++) {
    const { deliveries } = await expectJson<{ deliveries: Delivery[] }>(await owner.get("/api/email/deliveries"));
    const found = deliveries.find((d) => d.to === to && d.status === status);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${status} delivery to ${to}`);
}

describe("transactional email", () => {
  it("mails an invitation with HTML and text parts whose link joins the org", async () => {
    const owner = await signUpOwner("Mail Co");
    const email = uniqueEmail("invitee");
    await expectJson(await owner.browser.post("/api/team/invites", { email, role: "agent" }), 201);
    const mail = await waitForMail(email, /invited you to Mail Co/);
    expect(mail.from).toBe("Parley Test <no-reply@parley.test>");
    expect(mail.html).toContain("Accept the invitation");
    expect(mail.text).toContain("Accept the invitation: http://127.0.0.1:8787/invite/");
    const token = linkIn(mail, "/invite");
    const joiner = new Browser();
    await joiner.csrf();
    await expectJson(
      await joiner.post("/api/invites/accept", { token, name: "Ina Invitee", password: "correct horse battery staple" }),
      201,
    );
    const me = await expectJson<{ org: { name: string } }>(await joiner.get("/api/auth/me"));
    expect(me.org.name).toBe("Mail Co");
    expect((await deliveryTo(owner.browser, email, "sent")).template).toBe("invitation");
  });

  it("retries a provider outage through the Queue, and sends once", async () => {
    const owner = await signUpOwner();
    const email = uniqueEmail("retry");
    await failMailTo(email, 503, 1);
    await expectJson(await owner.browser.post("/api/team/invites", { email, role: "agent" }), 201);
    await waitForMail(email);
    const delivery = await deliveryTo(owner.browser, email, "sent");
    expect(delivery.attempts).toBe(2);
    expect(await mailTo(email)).toHaveLength(1);
  });

  it("records a refused message as failed for admins, without failing the invite", async () => {
    const owner = await signUpOwner();
    const email = uniqueEmail("refused");
    await failMailTo(email, 422, 1);
    const res = await expectJson<{ invite: { link: string } }>(
      await owner.browser.post("/api/team/invites", { email, role: "agent" }),
      201,
    );
    expect(res.invite.link).toMatch(/\/invite\//);
    const delivery = await deliveryTo(owner.browser, email, "failed");
    expect(delivery.error).toContain("422");
    expect(await mailTo(email)).toHaveLength(0);
  });

  it("shows deliveries to the org's admins only", async () => {
    const a = await signUpOwner("A");
    const b = await signUpOwner("B");
    const email = uniqueEmail("private");
    await expectJson(await a.browser.post("/api/team/invites", { email, role: "agent" }), 201);
    await deliveryTo(a.browser, email, "sent");
    const { deliveries } = await expectJson<{ deliveries: Delivery[] }>(await b.browser.get("/api/email/deliveries"));
    expect(deliveries.map((d) => d.to)).not.toContain(email);
    const agent = await addMember(a, "agent");
    await expectError(await agent.browser.get("/api/email/deliveries"), 403, "forbidden");
  });

  it("escapes data in the HTML part and writes the link out in the text part", () => {
    const mail = renderTemplate("invitation", {
      orgName: "<script>x</script> & Co",
      inviterName: "Eve",
      role: "admin",
      link: "https://app.test/invite/abc",
      expiresAt: Date.UTC(2026, 0, 8),
    });
    expect(mail.subject).toBe("Eve invited you to <script>x</script> & Co on Parley");
    expect(mail.html).not.toContain("<script>x");
    expect(mail.html).toContain("&lt;script&gt;x&lt;/script&gt; &amp; Co");
    expect(mail.text).toContain("Accept the invitation: https://app.test/invite/abc");
    expect(mail.text).toContain("as an admin");
  });
});
