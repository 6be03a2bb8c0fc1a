import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMailPeer, type MailPeer } from "./mail";

let peer: MailPeer;
beforeAll(async () => {
  peer = await startMailPeer({ apiKey: "k" });
});
afterAll(() => peer.close());

const send = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${peer.url}/emails`, {
    method: "POST",
    headers: { authorization: "Bearer k", "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
const mail = { from: "Parley <a@p.test>", to: ["x@y.test"], subject: "Hi", html: "<p>Hi <a href='http://app/x'>go</a></p>", text: "Hi" };

describe("mail peer", () => {
  it("refuses a wrong key and a message without a recipient", async () => {
    expect((await send(mail, { authorization: "Bearer nope" })).status).toBe(401);
    expect((await send({ ...mail, to: [] })).status).toBe(422);
    expect(peer.messages).toHaveLength(0);
  });

  it("stores a message once per Idempotency-Key and shows it in the mailbox", async () => {
    const first = (await (await send(mail, { "idempotency-key": "k1" })).json()) as { id: string };
    const again = (await (await send(mail, { "idempotency-key": "k1" })).json()) as { id: string };
    expect(again.id).toBe(first.id);
    expect(peer.messages).toHaveLength(1);
    expect(await (await fetch(`${peer.url}/`)).text()).toContain(`/messages/${first.id}`);
    expect(await (await fetch(`${peer.url}/messages/${first.id}/html`)).text()).toContain('<base target="_top">');
    const listed = (await (await fetch(`${peer.url}/__mail/messages?to=X@Y.test`)).json()) as unknown[];
    expect(listed).toHaveLength(1);
  });

  it("fails the next sends to one address when told to", async () => {
    await fetch(`${peer.url}/__mail/fail`, { method: "POST", body: JSON.stringify({ status: 503, times: 1, to: "x@y.test" }) });
    expect((await send({ ...mail, to: ["other@y.test"] })).status).toBe(200);
    expect((await send(mail)).status).toBe(503);
    expect((await send(mail)).status).toBe(200);
  });
});
