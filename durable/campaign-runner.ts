/**
 * CampaignRunner: one Durable Object per campaign (name `<orgId>:<campaignId>`). It owns the campaign's
 * claims (a recipient is handed to a sender once), its pace (each second's alarm releases the number's
 * per-second limit as one queue message), its backoff when Meta says slow down, and its progress, which
 * it pushes to the org's agents every tick. Senders are queue consumers: whatever they crash or however
 * often a message is redelivered, a recipient's claim succeeds once, so Meta is called once.
 */
import { DurableObject } from "cloudflare:workers";
import { and, eq, inArray } from "drizzle-orm";
import { openDb } from "../db/client";
import { campaignRecipients, campaigns } from "../db/tables/campaigns";
import type {
  BatchSignals,
  CampaignBatchJob,
  CampaignJob,
  CampaignProgress,
  RunnerConfig,
  RunnerRecipient,
  SendOutcome,
} from "./campaign-protocol";
import { RECIPIENT_RANK } from "./campaign-protocol";
import { CampaignStore } from "./campaign-store";

/** A queue message carries at most this many recipients (a 300/s number sends three per tick). */
const RECIPIENTS_PER_MESSAGE = 100;
/** Released but never claimed for this long: the queue message was lost past its retries; release again. */
const QUEUED_TIMEOUT_MS = 10 * 60_000;
/** Meta's refusal codes a "retry failed" leaves alone: opted out, not on WhatsApp. */
const FINAL_FAILURES = [131050, 131026];

export class CampaignRunner extends DurableObject<Env> {
  private store: CampaignStore;
  private nextTickAt: number | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new CampaignStore(ctx.storage.sql);
  }

  /** The organization is being purged: no alarm may fire again, and nothing it stored stays. */
  async purge(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.store = new CampaignStore(this.ctx.storage.sql);
  }

  /** A scheduled campaign: at `at` the alarm asks the queue to start it (the audience is resolved then). */
  async schedule(orgId: string, campaignId: string, at: number): Promise<CampaignProgress> {
    this.own(orgId, campaignId);
    const { phase } = this.store.state;
    if (phase === "idle" || phase === "scheduled") {
      this.write(() => this.store.save({ phase: "scheduled", scheduledAt: at }));
      await this.ctx.storage.setAlarm(at);
    }
    return this.store.progress();
  }

  /** Unschedules a campaign that has not started (back to a draft). */
  async unschedule(orgId: string, campaignId: string): Promise<boolean> {
    this.own(orgId, campaignId);
    if (this.store.state.phase !== "scheduled") return false;
    this.write(() => this.store.save({ phase: "idle", scheduledAt: null }));
    await this.ctx.storage.deleteAlarm();
    return true;
  }

  /**
   * Starts sending to `recipients`. Idempotent: once a campaign has begun, a second call (a double
   * click, a cron tick, a redelivered start job) changes nothing and returns the progress.
   */
  async begin(config: RunnerConfig, recipients: RunnerRecipient[]): Promise<{ started: boolean; progress: CampaignProgress }> {
    this.own(config.orgId, config.campaignId);
    const { phase } = this.store.state;
    if (phase !== "idle" && phase !== "scheduled" && phase !== "starting") return { started: false, progress: this.store.progress() };
    const now = Date.now();
    this.write(() => {
      this.store.addRecipients(recipients);
      this.store.save({ phase: "running", config, startedAt: now, stopReason: null });
    });
    this.nextTickAt = now;
    await this.ctx.storage.setAlarm(now);
    return { started: true, progress: this.store.progress() };
  }

  /** The atomic hand-out: the recipients of `idxs` still waiting for this claim, each returned once ever. */
  async claim(orgId: string, campaignId: string, idxs: number[]): Promise<{ config: RunnerConfig | null; recipients: RunnerRecipient[] }> {
    this.own(orgId, campaignId);
    const { phase, config } = this.store.state;
    if (phase !== "running" || !config) return { config, recipients: [] };
    return { config, recipients: this.write(() => this.store.claim(idxs, Date.now())) };
  }

  /** A sender's answers for what it claimed, and what Meta said about the campaign as a whole. */
  async record(orgId: string, campaignId: string, outcomes: SendOutcome[], signals: BatchSignals = {}): Promise<CampaignProgress> {
    this.own(orgId, campaignId);
    const now = Date.now();
    this.write(() => {
      this.store.record(outcomes, now);
      if (signals.backoffMs) this.store.save({ backoffUntil: Math.max(this.store.state.backoffUntil, now + signals.backoffMs) });
    });
    if (signals.stop && this.store.state.phase === "running") await this.halt("paused", signals.stop);
    return this.store.progress();
  }

  /** Status webhooks proved these were sent (a sender died before recording it). */
  async confirm(orgId: string, campaignId: string, idxs: number[]): Promise<number> {
    this.own(orgId, campaignId);
    return this.write(() => this.store.confirm(idxs));
  }

  async pause(orgId: string, campaignId: string): Promise<CampaignProgress> {
    this.own(orgId, campaignId);
    if (this.store.state.phase === "running") await this.halt("paused", null);
    return this.store.progress();
  }

  async resume(orgId: string, campaignId: string): Promise<CampaignProgress> {
    this.own(orgId, campaignId);
    if (this.store.state.phase === "paused") await this.run();
    return this.store.progress();
  }

  /** Stops for good; returns the recipients that will now never be sent (for D1). */
  async cancel(orgId: string, campaignId: string): Promise<{ skipped: number[]; progress: CampaignProgress }> {
    this.own(orgId, campaignId);
    const { phase } = this.store.state;
    if (phase === "done" || phase === "cancelled") return { skipped: [], progress: this.store.progress() };
    const skipped = this.write(() => {
      const s = this.store.skipUnsent();
      this.store.save({ phase: "cancelled", finishedAt: Date.now() });
      return s;
    });
    await this.ctx.storage.deleteAlarm();
    await this.publish();
    return { skipped, progress: this.store.progress() };
  }

  /** Failed recipients back in line (not those who opted out or are not on WhatsApp). */
  async retryFailed(orgId: string, campaignId: string): Promise<{ requeued: number[]; progress: CampaignProgress }> {
    this.own(orgId, campaignId);
    const { phase } = this.store.state;
    if (phase === "cancelled" || phase === "idle" || phase === "scheduled") return { requeued: [], progress: this.store.progress() };
    const requeued = this.write(() => this.store.requeueFailed(FINAL_FAILURES));
    if (requeued.length && phase !== "paused") await this.run();
    return { requeued, progress: this.store.progress() };
  }

  async progress(orgId: string, campaignId: string): Promise<CampaignProgress> {
    this.own(orgId, campaignId);
    return this.store.progress();
  }

  /** One pacing tick: release a second's worth of recipients as queue messages, then plan the next. */
  override async alarm(): Promise<void> {
    const s = this.store.state;
    if (s.phase === "scheduled" && s.orgId && s.campaignId) {
      this.write(() => this.store.save({ phase: "starting" }));
      await this.env.JOBS.send({ kind: "campaign.start", orgId: s.orgId, campaignId: s.campaignId } satisfies CampaignJob);
      return;
    }
    if (s.phase !== "running" || !s.config) return;
    const now = Date.now();
    const thisTick = Math.max(this.nextTickAt ?? now, now - 1000);
    const swept = this.write(() => this.store.sweep(now, QUEUED_TIMEOUT_MS, this.claimTimeoutMs));
    if (swept.unconfirmed.length) await this.settleAbandoned(swept.unconfirmed);

    if (now < s.backoffUntil) {
      this.nextTickAt = s.backoffUntil;
      await this.ctx.storage.setAlarm(s.backoffUntil);
      await this.publish();
      return;
    }
    const idxs = this.write(() => this.store.release(s.config!.ratePerSecond, now));
    if (idxs.length) {
      const messages = [];
      for (let i = 0; i < idxs.length; i += RECIPIENTS_PER_MESSAGE) {
        const body: CampaignBatchJob = {
          kind: "campaign.batch",
          orgId: s.orgId!,
          campaignId: s.campaignId!,
          idxs: idxs.slice(i, i + RECIPIENTS_PER_MESSAGE),
        };
        messages.push({ body });
      }
      try {
        await this.env.JOBS.sendBatch(messages);
      } catch (err) {
        // Not released after all: back in line, and the alarm's own retry tries again.
        this.write(() => this.store.unrelease(idxs));
        throw err;
      }
    }
    const p = this.store.progress();
    if (p.pending === 0 && p.inFlight === 0) {
      await this.finish();
      return;
    }
    // Each tick one second after the last one's slot (not after it finished), so 125 ticks take 125 s.
    const due = this.store.nextDue();
    let next = thisTick + 1000;
    if (p.pending > 0 && due !== null && due > next) next = due;
    this.nextTickAt = next;
    await this.ctx.storage.setAlarm(next);
    await this.publish();
  }

  private async run(): Promise<void> {
    this.write(() => this.store.save({ phase: "running", stopReason: null, finishedAt: null, backoffUntil: 0 }));
    await this.setD1Status("sending", null);
    this.nextTickAt = Date.now();
    await this.ctx.storage.setAlarm(this.nextTickAt);
    await this.publish();
  }

  private async halt(phase: "paused", reason: string | null): Promise<void> {
    this.write(() => {
      this.store.unrelease("all");
      this.store.save({ phase, stopReason: reason });
    });
    await this.ctx.storage.deleteAlarm();
    await this.setD1Status("paused", reason);
    await this.publish();
  }

  private async finish(): Promise<void> {
    const finishedAt = Date.now();
    this.write(() => this.store.save({ phase: "done", finishedAt }));
    await this.setD1Status("completed", null, finishedAt);
    await this.publish();
  }

  private async setD1Status(status: "sending" | "paused" | "completed", reason: string | null, completedAt?: number): Promise<void> {
    const { orgId, campaignId } = this.store.state;
    if (!orgId || !campaignId) return;
    await openDb(this.env.DB)
      .update(campaigns)
      .set({ status, stopReason: reason, updatedAt: Date.now(), ...(completedAt && { completedAt }) })
      .where(and(eq(campaigns.id, campaignId), eq(campaigns.orgId, orgId)));
  }

  /**
   * Claims whose sender never answered. A status webhook may already have told D1 that Meta took the
   * message: those count as sent. The rest are marked unconfirmed in D1 too (never re-sent by themselves).
   */
  private async settleAbandoned(idxs: number[]): Promise<void> {
    const { orgId, campaignId } = this.store.state;
    const db = openDb(this.env.DB);
    const mine = and(eq(campaignRecipients.campaignId, campaignId!), eq(campaignRecipients.orgId, orgId!));
    for (let i = 0; i < idxs.length; i += 90) {
      const chunk = idxs.slice(i, i + 90);
      const rows = await db
        .select({ idx: campaignRecipients.idx, status: campaignRecipients.status })
        .from(campaignRecipients)
        .where(and(mine, inArray(campaignRecipients.idx, chunk)))
        .all();
      const delivered = rows.filter((r) => RECIPIENT_RANK[r.status] >= RECIPIENT_RANK.sent && r.status !== "skipped").map((r) => r.idx);
      if (delivered.length) this.write(() => this.store.confirm(delivered));
      await db
        .update(campaignRecipients)
        .set({
          status: "unconfirmed",
          errorTitle: "The sender stopped before Meta's answer was recorded; not sent again.",
          updatedAt: Date.now(),
        })
        .where(and(mine, eq(campaignRecipients.status, "pending"), inArray(campaignRecipients.idx, chunk)));
    }
  }

  private async publish(): Promise<void> {
    const { orgId } = this.store.state;
    if (orgId) await this.env.ORG_INBOX.getByName(orgId).publishCampaign(this.store.progress());
  }

  /** The object's name embeds its org and campaign; a caller naming others is a bug upstream. */
  private own(orgId: string, campaignId: string): void {
    const s = this.store.state;
    if (s.orgId === null) {
      this.write(() => this.store.save({ orgId, campaignId }));
      return;
    }
    if (s.orgId !== orgId || s.campaignId !== campaignId) throw new Error("campaign runner belongs to another campaign");
  }

  /** Claimed with no answer for this long: the sender died mid-call (CAMPAIGN_CLAIM_TIMEOUT_SECONDS). */
  private get claimTimeoutMs(): number {
    return (Number(this.env.CAMPAIGN_CLAIM_TIMEOUT_SECONDS) || 120) * 1000;
  }

  private write<T>(fn: () => T): T {
    try {
      return this.ctx.storage.transactionSync(fn);
    } catch (err) {
      this.store = new CampaignStore(this.ctx.storage.sql);
      throw err;
    }
  }
}
