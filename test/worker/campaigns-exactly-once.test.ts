/**
 * The heart of broadcasts: each recipient is sent once, whatever dies or is delivered twice. The
 * sender is killed mid-campaign (its runner object aborted while Meta is still answering), every queue
 * message is redelivered, "Send" is pressed again and the cron ticks; the local Meta peer must still
 * have received exactly one message per recipient, and none may be missing.
 */
import { createMessageBatch, createScheduledController, env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { CampaignJob } from "../../durable/campaign-protocol";
import { runnerName } from "../../durable/campaign-protocol";
import worker from "../../worker/index";
import {
  campaignBodyFor,
  campaignWorkspace,
  peerControl,
  peerSendsTo,
  recipientRows,
  sendsPerRecipient,
  until,
} from "../support/campaigns";
import { messagesOf, postWebhook } from "../support/parley";
import type { Workspace } from "../support/live";

interface Detail {
  campaign: { id: string; status: string; recipientCount: number; excluded: Record<string, number> | null };
  totals: Record<string, number>;
  progress: { phase: string; sent: number; unconfirmed: number; inFlight: number; pending: number } | null;
}

async function createAndSend(w: Workspace, more: Record<string, unknown> = {}): Promise<string> {
  const { campaign } = await w.owner.browser.json<{ campaign: { id: string } }>("POST", "/api/campaigns", campaignBodyFor(w, more));
  const res = await w.owner.browser.post(`/api/campaigns/${campaign.id}/send`, {});
  expect(res.status).toBe(202);
  return campaign.id;
}

const detailOf = (w: Workspace, id: string) => w.owner.browser.json<Detail>("GET", `/api/campaigns/${id}`);
const finished = (w: Workspace, id: string, ms = 30_000) =>
  until(
    async () => {
      const d = await detailOf(w, id);
      return d.campaign.status === "completed" && d;
    },
    ms,
    "campaign completed",
  );

function statusWebhook(phoneNumberId: string, sends: { wamid: string; to: string; callback: string }[], status: string) {
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "1",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "1", phone_number_id: phoneNumberId },
              statuses: sends.map((s) => ({
                id: s.wamid,
                status,
                timestamp: String(Math.floor(Date.now() / 1000)),
                recipient_id: s.to,
                biz_opaque_callback_data: s.callback,
              })),
            },
          },
        ],
      },
    ],
  });
}

describe("campaign sending", () => {
  it("sends every recipient once, with their parameters, and shows each message in the contact's conversation", {
    timeout: 60_000,
  }, async () => {
    const w = await campaignWorkspace(12);
    const id = await createAndSend(w, { ratePerSecond: 5 });
    const done = await finished(w, id);
    expect(done.totals).toEqual({ sent: 12 });
    expect(done.progress).toMatchObject({ phase: "done", sent: 12, pending: 0, inFlight: 0 });

    const sends = await peerSendsTo(w.phoneNumberId);
    expect(sends).toHaveLength(12);
    expect([...sendsPerRecipient(sends).values()].every((n) => n === 1)).toBe(true);
    expect(new Set(sends.map((s) => s.body.to))).toEqual(new Set(w.waIds));
    expect(sends[0]!.body.template!.components![0]!.parameters.map((p) => p.text)).toEqual(["Customer", "coffee beans"]);

    const rows = await recipientRows(id);
    expect(rows.every((r) => r.status === "sent" && r.wamid && r.sentAt)).toBe(true);
    const convId = `cv_${w.contactIds[0]!.slice(3)}`;
    const [message] = await messagesOf(w.orgId, convId);
    expect(message).toMatchObject({
      direction: "outbound",
      wamid: rows.find((r) => r.contactId === w.contactIds[0])!.wamid,
      content: { type: "template", preview: "Hi Customer, running low on coffee beans? Reply YES and we will send the usual." },
    });
  });

  it("sends each recipient exactly once when the sender is killed mid-campaign and every queue message is redelivered", {
    timeout: 90_000,
  }, async () => {
    const w = await campaignWorkspace(30);
    // Meta answers the first ten slowly (8 s, room for a loaded machine), so the kill lands while those sends
    // are in flight: claimed, answered by Meta soon after, never recorded.
    await peerControl("fail", { status: 200, path: `/${w.phoneNumberId}/messages`, delayMs: 8000, times: 10 });
    const id = await createAndSend(w, { ratePerSecond: 10 });
    // The first second's recipients are claimed and Meta has not answered yet.
    await until(
      async () => {
        const p = (await detailOf(w, id)).progress;
        return p && p.inFlight >= 10 && p.sent === 0;
      },
      20_000,
      "claims in flight",
    );

    // Kill: the campaign's runner object dies; the consumer's calls to it fail and its message is retried.
    const runner = env.CAMPAIGN_RUNNER.getByName(runnerName(w.orgId, id));
    await runInDurableObject(runner, (_instance, state) => {
      try {
        state.abort("killed by the test");
      } catch {
        // abort() throws into the caller too
      }
    }).catch(() => undefined);

    // Every recipient's queue message delivered again, at once, as if the whole queue were replayed.
    const jobs = Array.from({ length: 3 }, (_, i) => ({
      id: `replay-${i}`,
      timestamp: new Date(),
      attempts: 2,
      body: {
        kind: "campaign.batch",
        orgId: w.orgId,
        campaignId: id,
        idxs: Array.from({ length: 10 }, (_, j) => i * 10 + j),
      } satisfies CampaignJob,
    }));
    await worker.queue(createMessageBatch("parley-jobs", jobs), env);
    // A double click on Send and a cron tick during the run.
    expect((await w.owner.browser.post(`/api/campaigns/${id}/send`, {})).status).toBe(202);
    await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env);

    const done = await finished(w, id, 60_000);
    const sends = await peerSendsTo(w.phoneNumberId);
    const perRecipient = sendsPerRecipient(sends);
    expect([...perRecipient.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(new Set(perRecipient.keys())).toEqual(new Set(w.waIds));

    // Claims whose answers died with the runner are unconfirmed, never re-sent; Meta's statuses settle them.
    const rows = await recipientRows(id);
    const unconfirmed = rows.filter((r) => r.status === "unconfirmed");
    // Where the kill broke the sender between Meta's answers and their recording (usually: the first ten),
    // those recipients are unconfirmed; whether or not it did, each was sent exactly once (above).
    expect(unconfirmed.length).toBeLessThanOrEqual(10);
    expect(rows.every((r) => r.status === "sent" || r.status === "unconfirmed")).toBe(true);
    expect(done.progress!.sent + done.progress!.unconfirmed).toBe(30);
    const late = sends
      .filter((s) => unconfirmed.some((r) => r.waId === s.body.to))
      .map((s) => ({ wamid: s.wamid, to: s.body.to!, callback: s.body.biz_opaque_callback_data! }));
    if (late.length) expect((await postWebhook(statusWebhook(w.phoneNumberId, late, "sent"))).status).toBe(200);
    expect((await recipientRows(id)).every((r) => r.status === "sent")).toBe(true);
  });
});
