/** Campaign setup and control through the API: counts before sending, bad input, schedules, pause and opt-out, Meta's refusals, statuses and replies. */
import { env, runDurableObjectAlarm } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts } from "../../db/schema";
import { segmentMembers, segments } from "../../db/tables/crm";
import { campaigns } from "../../db/tables/campaigns";
import { runnerName } from "../../durable/campaign-protocol";
import { campaignBodyFor, campaignWorkspace, peerControl, peerSendsTo, recipientRows, until } from "../support/campaigns";
import type { Workspace } from "../support/live";
import { db, postWebhook } from "../support/parley";
import { expectError } from "../support/api-errors";

interface Detail {
  campaign: { id: string; status: string; scheduledAt: number | null; stopReason: string | null; excluded: Record<string, number> | null };
  totals: Record<string, number>;
  progress: { phase: string; sent: number; skipped: number; failed: number; stopReason: string | null } | null;
}

const create = async (w: Workspace, more: Record<string, unknown> = {}) =>
  (await w.owner.browser.json<{ campaign: { id: string } }>("POST", "/api/campaigns", campaignBodyFor(w, more))).campaign.id;
const detailOf = (w: Workspace, id: string) => w.owner.browser.json<Detail>("GET", `/api/campaigns/${id}`);
const statusIs = (w: Workspace, id: string, status: string, ms = 30_000) =>
  until(
    async () => {
      const d = await detailOf(w, id);
      return d.campaign.status === status && d;
    },
    ms,
    `campaign ${status}`,
  );

describe("audience and template preview", { timeout: 60_000 }, () => {
  it("counts who will receive it and who is excluded (opted out, no number, duplicates, missing values) and renders samples", async () => {
    const w = await campaignWorkspace(5, { optedOut: 2, noNumber: 1, duplicates: 1 });
    // One more contact whose tag lacks the product: the {{2}} value would be empty.
    // One more contact whose tag lacks the product (the {{2}} value would be empty), and one who never opted in.
    const now = Date.now();
    await db()
      .insert(contacts)
      .values([
        {
          id: `ct_${w.orgId.slice(4)}_bare`,
          orgId: w.orgId,
          waId: "351999000111",
          profileName: "Bare",
          tags: ["vip"],
          marketingOptInAt: now,
          createdAt: now + 50_000,
          updatedAt: now,
        },
        {
          id: `ct_${w.orgId.slice(4)}_noconsent`,
          orgId: w.orgId,
          waId: "351999000112",
          profileName: "No consent",
          tags: ["vip", "product:tea"],
          createdAt: now + 50_001,
          updatedAt: now,
        },
      ]);
    const { preview } = await w.owner.browser.json<{ preview: Record<string, unknown> & { samples: { text: string }[] } }>(
      "POST",
      "/api/campaigns/preview",
      (({ name: _n, ...rest }) => rest)(campaignBodyFor(w)),
    );
    expect(preview).toMatchObject({
      willReceive: 5,
      matched: 11,
      marketing: true,
      excluded: { notOptedIn: 1, optedOut: 2, noNumber: 1, duplicates: 1, unreachable: 0, missingValues: 1 },
    });
    expect(preview.samples[0]!.text).toBe("Hi Customer, running low on coffee beans? Reply YES and we will send the usual.");
  });

  it("refuses an unmapped variable, an unknown template, another org's number and unknown fields, storing nothing", async () => {
    const w = await campaignWorkspace(1);
    const other = await campaignWorkspace(1);
    await expectError(
      await w.owner.browser.post("/api/campaigns", campaignBodyFor(w, { params: [{ source: "fixed", value: "x" }] })),
      422,
      "template_params",
    );
    await expectError(
      await w.owner.browser.post("/api/campaigns", campaignBodyFor(w, { template: { name: "nope", language: "en_US" } })),
      422,
      "template_not_found",
    );
    await expectError(
      await w.owner.browser.post("/api/campaigns", campaignBodyFor(w, { phoneNumberId: other.phoneNumberId })),
      422,
      "number_not_found",
    );
    await expectError(await w.owner.browser.post("/api/campaigns", campaignBodyFor(w, { sneaky: 1 })), 400, "invalid_body");
    await expectError(
      await w.owner.browser.post("/api/campaigns", campaignBodyFor(w, { audience: { kind: "tags", tags: [] } })),
      400,
      "invalid_body",
    );
    expect(await db().select().from(campaigns).where(eq(campaigns.orgId, w.orgId)).all()).toEqual([]);
  });
});

describe("custom fields as template parameters", { timeout: 60_000 }, () => {
  it("fills a variable from a contact's custom field (lists joined), and refuses a field the org does not have", async () => {
    const w = await campaignWorkspace(3);
    const field = (key: string, type: string, options: string[] = []) =>
      w.owner.browser.json("POST", "/api/custom-fields", { key, label: key, type, options });
    await field("tier", "select", ["gold", "silver"]);
    await field("glazes", "multiselect", ["blue", "green"]);
    const set = (i: number, customFields: Record<string, unknown>) =>
      w.owner.browser.json("PATCH", `/api/contacts/ct_${w.orgId.slice(4)}_${i}`, { customFields });
    await set(0, { tier: "gold", glazes: ["blue", "green"] });
    await set(1, { tier: "silver" });
    const body = campaignBodyFor(w, {
      params: [
        { source: "custom", key: "tier" },
        { source: "custom", key: "glazes", fallback: "clay" },
      ],
    });
    const { preview } = await w.owner.browser.json<{
      preview: { willReceive: number; excluded: Record<string, number>; samples: { text: string }[] };
    }>("POST", "/api/campaigns/preview", (({ name: _n, ...rest }) => rest)(body));
    // Customer 2 has no tier and no fallback for it: left out, counted as missing a value.
    expect(preview.willReceive).toBe(2);
    expect(preview.excluded.missingValues).toBe(1);
    expect(preview.samples.map((s) => s.text)).toEqual([
      "Hi gold, running low on blue, green? Reply YES and we will send the usual.",
      "Hi silver, running low on clay? Reply YES and we will send the usual.",
    ]);
    const { campaign } = await w.owner.browser.json<{ campaign: { id: string; params: unknown[] } }>("POST", "/api/campaigns", body);
    expect(campaign.params).toEqual(body.params);

    const msg = await expectError(
      await w.owner.browser.post(
        "/api/campaigns",
        campaignBodyFor(w, {
          params: [
            { source: "custom", key: "nope" },
            { source: "fixed", value: "x" },
          ],
        }),
      ),
      422,
      "unknown_custom_field",
    );
    expect(msg).toContain('{{1}}: "nope" is not one of your organization\'s custom fields.');
    await expectError(
      await w.owner.browser.post(
        "/api/campaigns",
        campaignBodyFor(w, {
          params: [
            { source: "custom", key: "Bad Key" },
            { source: "fixed", value: "x" },
          ],
        }),
      ),
      400,
      "invalid_body",
    );
    // Another organization's field is not this one's.
    const other = await campaignWorkspace(1);
    await expectError(
      await other.owner.browser.post("/api/campaigns", campaignBodyFor(other, { params: body.params })),
      422,
      "unknown_custom_field",
    );
    expect(await db().select().from(campaigns).where(eq(campaigns.orgId, other.orgId)).all()).toEqual([]);
  });
});

describe("segments", { timeout: 60_000 }, () => {
  it("sends to a saved CRM segment's members only, and refuses another org's segment", async () => {
    const w = await campaignWorkspace(4);
    const other = await campaignWorkspace(1);
    const segmentId = `seg_${crypto.randomUUID()}`;
    await db()
      .insert(segments)
      .values({ id: segmentId, orgId: w.orgId, name: "Picked", filter: { match: "all", rules: [] }, updatedAt: Date.now() });
    await db()
      .insert(segmentMembers)
      .values(w.contactIds.slice(0, 2).map((contactId) => ({ segmentId, contactId, orgId: w.orgId })));
    const id = await create(w, { audience: { kind: "segment", segmentId } });
    await w.owner.browser.post(`/api/campaigns/${id}/send`, {});
    await statusIs(w, id, "completed");
    expect((await peerSendsTo(w.phoneNumberId)).map((s) => s.body.to).sort()).toEqual(w.waIds.slice(0, 2).sort());
    const body = { ...(({ name: _n, ...rest }) => rest)(campaignBodyFor(other)), audience: { kind: "segment", segmentId } };
    expect((await other.owner.browser.post("/api/campaigns/preview", body)).status).toBe(404);
  });
});

describe("scheduling", { timeout: 60_000 }, () => {
  it("schedules at a wall time in the org's time zone, refuses bad zones and past times, and starts when the runner's alarm fires", async () => {
    const w = await campaignWorkspace(2);
    const id = await create(w);
    await expectError(
      await w.owner.browser.post(`/api/campaigns/${id}/send`, { scheduledAt: "2030-01-15T09:00", timeZone: "Mars/Olympus" }),
      400,
      "invalid_time_zone",
    );
    await expectError(
      await w.owner.browser.post(`/api/campaigns/${id}/send`, { scheduledAt: "2020-01-15T09:00", timeZone: "UTC" }),
      422,
      "time_in_past",
    );
    const res = await w.owner.browser.post(`/api/campaigns/${id}/send`, { scheduledAt: "2030-07-15T09:00", timeZone: "Europe/Lisbon" });
    expect(res.status).toBe(202);
    const { campaign } = (await res.json()) as Detail;
    // Lisbon is UTC+1 in July.
    expect(campaign).toMatchObject({ status: "scheduled", scheduledAt: Date.UTC(2030, 6, 15, 8, 0) });
    expect(await peerSendsTo(w.phoneNumberId)).toEqual([]);

    // The time comes: the runner's alarm asks the queue to start it.
    expect(await runDurableObjectAlarm(env.CAMPAIGN_RUNNER.getByName(runnerName(w.orgId, id)))).toBe(true);
    await statusIs(w, id, "completed");
    expect(await peerSendsTo(w.phoneNumberId)).toHaveLength(2);
  });
});

describe("steering a running campaign", { timeout: 60_000 }, () => {
  it("pauses, re-checks opt-out at the moment of sending after resume, and cancels", async () => {
    const w = await campaignWorkspace(6);
    const id = await create(w, { ratePerSecond: 1 });
    await w.owner.browser.post(`/api/campaigns/${id}/send`, {});
    await until(async () => (await peerSendsTo(w.phoneNumberId)).length >= 1, 20_000, "first send");
    expect((await w.owner.browser.post(`/api/campaigns/${id}/pause`, {})).status).toBe(200);
    await statusIs(w, id, "paused");
    const before = (await peerSendsTo(w.phoneNumberId)).length;
    // While paused, the last contact in line opts out of marketing.
    const last = w.contactIds.at(-1)!;
    await db()
      .update(contacts)
      .set({ marketingOptOutAt: Date.now() })
      .where(and(eq(contacts.id, last), eq(contacts.orgId, w.orgId)));
    await expectError(await w.owner.browser.post(`/api/campaigns/${id}/pause`, {}), 409, "not_sending");
    expect((await w.owner.browser.post(`/api/campaigns/${id}/resume`, {})).status).toBe(200);
    const done = await statusIs(w, id, "completed");
    expect(done.progress).toMatchObject({ sent: 5, skipped: 1 });
    const sends = await peerSendsTo(w.phoneNumberId);
    expect(sends.length).toBe(5);
    expect(before).toBeLessThan(5);
    const rows = await recipientRows(id);
    expect(rows.find((r) => r.contactId === last)).toMatchObject({ status: "skipped", errorCode: 131050 });
    await expectError(await w.owner.browser.post(`/api/campaigns/${id}/cancel`, {}), 409, "not_cancellable");
  });

  it("cancels: nothing more goes out and the unsent are skipped", async () => {
    const w = await campaignWorkspace(5);
    const id = await create(w, { ratePerSecond: 1 });
    await w.owner.browser.post(`/api/campaigns/${id}/send`, {});
    await until(async () => (await peerSendsTo(w.phoneNumberId)).length >= 1, 20_000, "first send");
    expect((await w.owner.browser.post(`/api/campaigns/${id}/cancel`, {})).status).toBe(200);
    const sentAtCancel = (await peerSendsTo(w.phoneNumberId)).length;
    const rows = await until(
      async () => {
        const r = await recipientRows(id);
        return r.every((x) => x.status !== "pending") && r;
      },
      10_000,
      "rows settled",
    );
    expect(rows.filter((r) => r.status === "skipped").length).toBe(5 - sentAtCancel);
    expect((await detailOf(w, id)).campaign.status).toBe("cancelled");
    await expectError(await w.owner.browser.post(`/api/campaigns/${id}/resume`, {}), 409, "not_paused");
  });
});

describe("Meta's refusals", { timeout: 60_000 }, () => {
  it("backs off on 429, retries a pair-rate-limited recipient later, fails a 131026 with Meta's reason, and 'retry failed' leaves it", async () => {
    const w = await campaignWorkspace(4);
    const [a, b] = w.waIds;
    await peerControl("fail", { preset: "rateLimit", path: `/${w.phoneNumberId}/messages`, retryAfter: 1, times: 1 });
    await peerControl("fail", { preset: "pairRateLimit", to: a, retryAfter: 1, times: 1 });
    await peerControl("fail", { preset: "undeliverable", to: b });
    const id = await create(w);
    await w.owner.browser.post(`/api/campaigns/${id}/send`, {});
    const done = await statusIs(w, id, "completed");
    expect(done.totals).toEqual({ sent: 3, failed: 1 });
    const sends = await peerSendsTo(w.phoneNumberId);
    expect(sends.map((s) => s.body.to).sort()).toEqual(w.waIds.filter((x) => x !== b).sort());
    const failed = (await recipientRows(id)).find((r) => r.waId === b)!;
    expect(failed).toMatchObject({ status: "failed", errorCode: 131026 });
    const retried = await w.owner.browser.json<{ requeued: number }>("POST", `/api/campaigns/${id}/retry-failed`);
    expect(retried.requeued).toBe(0);
  });

  it("stops on Meta's quality signal (131048) with the reason, and sends the rest after resume", async () => {
    const w = await campaignWorkspace(3);
    await peerControl("fail", { preset: "spamRateLimit", path: `/${w.phoneNumberId}/messages`, times: 1 });
    const id = await create(w, { ratePerSecond: 1 });
    await w.owner.browser.post(`/api/campaigns/${id}/send`, {});
    const paused = await statusIs(w, id, "paused");
    expect(paused.campaign.stopReason).toMatch(/131048/);
    expect(await peerSendsTo(w.phoneNumberId)).toEqual([]);
    await w.owner.browser.post(`/api/campaigns/${id}/resume`, {});
    await statusIs(w, id, "completed");
    expect(await peerSendsTo(w.phoneNumberId)).toHaveLength(3);
  });
});

describe("statuses and replies", { timeout: 60_000 }, () => {
  it("moves recipients forward with Meta's status webhooks (never back), counts a reply, and exports CSV", async () => {
    const w = await campaignWorkspace(2);
    const id = await create(w);
    await w.owner.browser.post(`/api/campaigns/${id}/send`, {});
    await statusIs(w, id, "completed");
    const [first] = await peerSendsTo(w.phoneNumberId);
    const webhook = (status: string) =>
      JSON.stringify({
        object: "whatsapp_business_account",
        entry: [
          {
            id: "1",
            changes: [
              {
                field: "messages",
                value: {
                  messaging_product: "whatsapp",
                  metadata: { display_phone_number: "1", phone_number_id: w.phoneNumberId },
                  statuses: [
                    {
                      id: first!.wamid,
                      status,
                      timestamp: String(Math.floor(Date.now() / 1000)),
                      recipient_id: first!.body.to,
                      biz_opaque_callback_data: first!.body.biz_opaque_callback_data,
                    },
                  ],
                },
              },
            ],
          },
        ],
      });
    for (const s of ["delivered", "read", "sent"]) expect((await postWebhook(webhook(s))).status).toBe(200);
    const row = () => recipientRows(id).then((r) => r.find((x) => x.waId === first!.body.to)!);
    expect((await row()).status).toBe("read");

    // The customer answers: the campaign counts a reply.
    const reply = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: "1",
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: { display_phone_number: "1", phone_number_id: w.phoneNumberId },
                contacts: [{ profile: { name: "Customer 0" }, wa_id: first!.body.to }],
                messages: [
                  {
                    from: first!.body.to,
                    id: `wamid.reply-${crypto.randomUUID()}`,
                    timestamp: String(Math.floor(Date.now() / 1000)),
                    type: "text",
                    text: { body: "YES" },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    expect((await postWebhook(reply)).status).toBe(200);
    expect((await row()).status).toBe("replied");
    expect((await detailOf(w, id)).totals).toEqual({ sent: 1, replied: 1 });

    const csv = await w.owner.browser.get(`/api/campaigns/${id}/recipients.csv`);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("phone,name,status,wamid,error_code,error,sent_at,updated_at");
    expect(lines).toHaveLength(3);
    expect(lines.some((l) => l.startsWith(`+${first!.body.to},Customer`) && l.includes(",replied,"))).toBe(true);
  });
});
