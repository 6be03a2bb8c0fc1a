/** Org B can neither see nor steer org A's campaigns, agents only watch, and live progress reaches only A's sockets. */
import { describe, expect, it } from "vitest";
import { addMember } from "../support/accounts";
import { expectError } from "../support/api-errors";
import { campaignBodyFor, campaignWorkspace, peerSendsTo, until } from "../support/campaigns";
import { socket } from "../support/live";

describe("campaigns across tenants", { timeout: 60_000 }, () => {
  it("answers 404 to another org on every campaign route and lists nothing of theirs", async () => {
    const a = await campaignWorkspace(2);
    const b = await campaignWorkspace(1);
    const { campaign } = await a.owner.browser.json<{ campaign: { id: string } }>("POST", "/api/campaigns", campaignBodyFor(a));
    const id = campaign.id;
    const tries: [string, string, unknown?][] = [
      ["GET", `/api/campaigns/${id}`],
      ["PATCH", `/api/campaigns/${id}`, { name: "Hijacked" }],
      ["GET", `/api/campaigns/${id}/preview`],
      ["POST", `/api/campaigns/${id}/send`, {}],
      ["POST", `/api/campaigns/${id}/unschedule`, {}],
      ["POST", `/api/campaigns/${id}/pause`, {}],
      ["POST", `/api/campaigns/${id}/resume`, {}],
      ["POST", `/api/campaigns/${id}/cancel`, {}],
      ["POST", `/api/campaigns/${id}/retry-failed`, {}],
      ["GET", `/api/campaigns/${id}/recipients`],
      ["GET", `/api/campaigns/${id}/recipients.csv`],
      ["DELETE", `/api/campaigns/${id}`],
    ];
    for (const [method, path, body] of tries)
      await expectError(await b.owner.browser.request(method, path, body), 404, "campaign_not_found");
    expect((await b.owner.browser.json<{ campaigns: unknown[] }>("GET", "/api/campaigns")).campaigns).toEqual([]);
    // B's preview of an audience naming A's contacts finds none of them.
    const { preview } = await b.owner.browser.json<{ preview: { matched: number } }>("POST", "/api/campaigns/preview", {
      ...(({ name: _n, ...rest }) => rest)(campaignBodyFor(b)),
      audience: { kind: "contacts", contactIds: a.contactIds },
    });
    expect(preview.matched).toBe(0);
    // Nothing happened to A's draft, and nothing was sent from either number.
    expect(
      (await a.owner.browser.json<{ campaign: { status: string; name: string } }>("GET", `/api/campaigns/${id}`)).campaign,
    ).toMatchObject({
      status: "draft",
      name: "Coffee reorder",
    });
    expect(await peerSendsTo(a.phoneNumberId)).toEqual([]);
  });

  it("lets agents watch but not create, send or steer", async () => {
    const a = await campaignWorkspace(1);
    const agent = await addMember(a.owner, "agent");
    const { campaign } = await a.owner.browser.json<{ campaign: { id: string } }>("POST", "/api/campaigns", campaignBodyFor(a));
    await expectError(await agent.browser.post("/api/campaigns", campaignBodyFor(a)), 403, "forbidden");
    await expectError(await agent.browser.post(`/api/campaigns/${campaign.id}/send`, {}), 403, "forbidden");
    expect((await agent.browser.get(`/api/campaigns/${campaign.id}`)).status).toBe(200);
  });

  it("pushes progress and recipient ticks to the org's inbox sockets only", async () => {
    const a = await campaignWorkspace(3);
    const b = await campaignWorkspace(1);
    const aLive = await socket(a.owner, "/api/live/inbox");
    const bLive = await socket(b.owner, "/api/live/inbox");
    await aLive.next((f) => f.t === "ready");
    await bLive.next((f) => f.t === "ready");
    const { campaign } = await a.owner.browser.json<{ campaign: { id: string } }>("POST", "/api/campaigns", campaignBodyFor(a));
    await a.owner.browser.post(`/api/campaigns/${campaign.id}/send`, {});
    const done = await aLive.next(
      (f) => f.t === "campaign" && (f.progress as { phase: string; campaignId: string }).phase === "done",
      20_000,
    );
    expect(done.progress).toMatchObject({ campaignId: campaign.id, sent: 3 });
    const ticks = aLive.frames.filter((f) => f.t === "campaign.recipients" && f.campaignId === campaign.id);
    expect(ticks.flatMap((f) => f.updates as { status: string }[]).filter((u) => u.status === "sent")).toHaveLength(3);
    await until(async () => (await peerSendsTo(a.phoneNumberId)).length === 3);
    expect(bLive.frames.filter((f) => String(f.t).startsWith("campaign"))).toEqual([]);
    aLive.close();
    bLive.close();
  });
});
